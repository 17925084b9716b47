import type { OfficeLevel, Role } from '../domain/enums';

export interface OfficeInfo {
  id: string;
  level: OfficeLevel;
  divisionCode: string;
  name: string;
  parentOfficeId: string | null;
}

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface SystemStatus {
  appVersion: string;
  setupDone: boolean;
  office: OfficeInfo | null;
  user: SessionUser | null;
  /** The PC clock is behind what this office has already recorded (spec §9): tell the clerk. */
  clockWarning: string | null;
  /**
   * The background check of the database file (run after the program has started): `checking` until it has
   * answered; `damaged` pauses saving and `dataWarning` says what to do.
   */
  dataCheck: 'checking' | 'ok' | 'damaged';
  dataWarning: string | null;
}

export interface DivisionNode {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'township';
  kind: string | null;
  children?: DivisionNode[];
}

export interface TownshipOption {
  code: string;
  name: string;
  countyName: string;
}

export interface ChecklistItem {
  code: string;
  category: string;
  text: string;
  major: boolean;
  sortOrder: number;
}

export interface RetrofitItem {
  code: string;
  category: string;
  name: string;
  kind: 'basic' | 'optional';
  sortOrder: number;
}

export interface Catalogues {
  checklistVersion: string;
  checklist: ChecklistItem[];
  retrofit: RetrofitItem[];
}
