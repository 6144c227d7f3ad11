// Keeps the pane on the table the user is looking at: when the pane becomes visible again (the shared runtime
// may have started hidden, for the formulas) and when the selection moves, the controller looks again. Selection
// events come in bursts while the user moves around, so they are taken after a short quiet spell.
import type { PaneController } from "./controller";

/** What the pane listens to; index.tsx adapts Office.addin and Excel's workbook events to it. */
export interface WorkbookEvents {
  /** Calls back with true when the pane is shown, false when hidden. */
  onVisibilityChanged(handler: (visible: boolean) => void): Promise<unknown>;
  onSelectionChanged(handler: () => void): Promise<unknown>;
}

export const QUIET_MS = 400;

/** Registers the handlers; resolves once both are in place (a host without one of the events still gets the other). */
export async function watchWorkbook(
  controller: Pick<PaneController, "followSelection">,
  events: WorkbookEvents,
  quietMs = QUIET_MS,
): Promise<void> {
  let visible = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const look = () => void controller.followSelection();
  await Promise.allSettled([
    events.onVisibilityChanged((shown) => {
      visible = shown;
      if (shown) look();
    }),
    events.onSelectionChanged(() => {
      if (!visible) return; // looked at when shown again
      clearTimeout(timer);
      timer = setTimeout(look, quietMs);
    }),
  ]);
}
