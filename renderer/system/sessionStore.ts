import { create } from 'zustand';
import { DEFAULT_PREFERENCES, type TextSize, type UserPreferences } from '../../shared/system/preferences';
import type { SessionUser, SystemStatus, TownshipOption } from '../../shared/system/types';
import { api } from '../api';

interface SessionState {
  status: SystemStatus | null;
  townships: TownshipOption[];
  /** The signed-in user's display choices (文字大小), from the main process; the defaults when nobody is. */
  preferences: UserPreferences;
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  setUser(user: SessionUser | null): Promise<void>;
  logout(): Promise<void>;
  setTextSize(textSize: TextSize): Promise<void>;
  townshipName(code: string | null | undefined): string;
}

export const useSession = create<SessionState>((set, get) => ({
  status: null,
  townships: [],
  preferences: DEFAULT_PREFERENCES,
  loading: true,
  error: null,
  async load() {
    set({ loading: true, error: null });
    try {
      const status = await api['system.status']({});
      const [townships, preferences] = status.user
        ? await Promise.all([api['reference.townships']({}), api['preferences.get']({})])
        : [[], DEFAULT_PREFERENCES];
      set({ status, townships, preferences, loading: false });
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
  async setTextSize(textSize) {
    set({ preferences: await api['preferences.update']({ textSize }) });
  },
  townshipName(code) {
    if (!code) return '';
    return get().townships.find((t) => t.code === code)?.name ?? code;
  },
}));
