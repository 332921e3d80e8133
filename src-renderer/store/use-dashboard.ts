import { useStore } from 'zustand';
import { createDashboardStore, type DashboardState } from './dashboard-store';

export const dashboardStore = createDashboardStore();

export function useDashboard<T>(selector: (state: DashboardState) => T): T {
  return useStore(dashboardStore, selector);
}
