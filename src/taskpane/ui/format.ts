// Numbers as the pane shows them: compact money ("1.2M") and whole counts with separators.
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en");

export const money = (n: number): string => compact.format(n);
export const count = (n: number): string => whole.format(n);
