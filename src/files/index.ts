// The workbook file adapter's public face for shells (CLI, workbench): xlsx and CSV in and out.
export * from "./xlsx";
export * from "./csv";
