import { z } from 'zod';
import { query } from '../api/define';
import type { CoverageResult } from '../inspections/coverage';

export interface DashboardData {
  today: string;
  year: number;
  month: number;
  quarter: number;
  targets: { retrofitHouseholds: number; newCanteens: number; nursingBedRatio: number | null; certifiedRate: number | null };
  retrofitByStatus: { status: string; count: number }[];
  retrofitAccepted: number;
  canteensOpenedThisYear: number;
  kpis: {
    nursingBedRatio: number;
    nursingBedRatioTarget: number;
    certifiedRate: number;
    certifiedRateTarget: number;
    beds: number;
    caregivers: number;
  };
  coverageMonth: CoverageResult;
  coverageQuarter: CoverageResult;
  overdueHazards: {
    id: string;
    description: string;
    level: string;
    deadline: string | null;
    status: string;
    subjectName: string;
    townshipCode: string;
  }[];
  overdueCount: number;
  expiringLicences: { kind: 'facility' | 'canteen'; id: string; name: string; foodLicenseNo: string | null; foodLicenseExpiry: string }[];
  mealsByMonth: { ym: string; mealsTotal: number; mealsElderly: number; mealsSpecial: number }[];
}

export const dashboardInput = z
  .strictObject({ year: z.number().int().min(2000).max(2100).optional(), month: z.number().int().min(1).max(12).optional() })
  .optional();

export const dashboardContract = {
  'dashboard.get': query(dashboardInput).returns<DashboardData>(),
};
