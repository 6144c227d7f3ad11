// React's view of the pane controller: re-render when its state changes.
import { useSyncExternalStore } from "react";
import type { PaneController, PaneState } from "../logic/controller";

export function usePane(controller: PaneController): PaneState {
  return useSyncExternalStore(controller.subscribe, controller.getState);
}
