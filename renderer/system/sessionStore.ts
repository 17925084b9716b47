import { create } from 'zustand';
import type { SessionUser, SystemStatus, TownshipOption } from '../../shared/system/types';
import { api } from '../api';

interface SessionState {
  status: SystemStatus | null;
  townships: TownshipOption[];
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  setUser(user: SessionUser | null): Promise<void>;
  logout(): Promise<void>;
  townshipName(code: string | null | undefined): string;
}

export const useSession = create<SessionState>((set, get) => ({
  status: null,
  townships: [],
  loading: true,
  error: null,
  async load() {
    set({ loading: true, error: null });
    try {
      const status = await api['system.status']({});
      const townships = status.user ? await api['reference.townships']({}) : [];
      set({ status, townships, loading: false });
    } catch (e) {
      set({ loading: false, error: (e as Error).message });
    }
  },
  async setUser(user) {
    const status = get().status;
    if (status) set({ status: { ...status, user, setupDone: true } });
    await get().load();
  },
  async logout() {
    await api['session.logout']({}).catch(() => undefined);
    await get().load();
  },
  townshipName(code) {
    if (!code) return '';
    return get().townships.find((t) => t.code === code)?.name ?? code;
  },
}));
