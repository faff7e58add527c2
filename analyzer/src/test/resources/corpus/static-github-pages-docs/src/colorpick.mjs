export function pick() { return "#ff0000"; }
