import type { Database } from 'better-sqlite3';

// Frozen in time: this file never imports application code. Later changes get their own migration.
// Column names are camelCase so the API, the services and SQL written by hand all use the same words.

/** Columns every synced record carries: UUID key, owner, audit times, tombstone, HLC version, warnings. */
const RECORD = `
  id TEXT PRIMARY KEY NOT NULL,
  officeId TEXT NOT NULL,
  townshipCode TEXT NOT NULL,
  createdAt TEXT NOT NULL,
  createdBy TEXT,
  updatedAt TEXT NOT NULL,
  updatedBy TEXT,
  deletedAt TEXT,
  hlc TEXT NOT NULL,
  warnings TEXT NOT NULL DEFAULT '[]'`;

export const name = '0001_initial';

export function up(db: Database): void {
  db.exec(`
CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);

CREATE TABLE divisions (
  code TEXT PRIMARY KEY NOT NULL CHECK (length(code) = 12),
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('province','city','county','township')),
  kind TEXT,
  parentCode TEXT
);
CREATE INDEX divisions_parent ON divisions(parentCode);

CREATE TABLE offices (
  id TEXT PRIMARY KEY NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('township','district','city')),
  divisionCode TEXT NOT NULL,
  name TEXT NOT NULL,
  parentOfficeId TEXT,
  isSelf INTEGER NOT NULL DEFAULT 0,
  publicKey TEXT,
  createdAt TEXT NOT NULL
);
CREATE UNIQUE INDEX offices_one_self ON offices(isSelf) WHERE isSelf = 1;

CREATE TABLE reporting_units (
  id TEXT PRIMARY KEY NOT NULL,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  cityCode TEXT NOT NULL
);
CREATE TABLE reporting_unit_townships (
  unitId TEXT NOT NULL REFERENCES reporting_units(id) ON DELETE CASCADE,
  townshipCode TEXT NOT NULL UNIQUE,
  PRIMARY KEY (unitId, townshipCode)
);

CREATE TABLE users (
  id TEXT PRIMARY KEY NOT NULL,
  officeId TEXT NOT NULL REFERENCES offices(id),
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  displayName TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('clerk','reviewer','admin')),
  passwordHash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  createdAt TEXT NOT NULL,
  updatedAt TEXT NOT NULL,
  lastLoginAt TEXT
);

CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);

CREATE TABLE facilities (${RECORD},
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  operationMode TEXT,
  operator TEXT,
  creditCode TEXT,
  address TEXT,
  village TEXT,
  villageCode TEXT,
  contactName TEXT,
  contactPhone TEXT,
  openedOn TEXT,
  status TEXT NOT NULL,
  statusDate TEXT,
  urbanRural TEXT,
  floorArea REAL,
  bedsTotal INTEGER,
  bedsNursing INTEGER,
  bedsFullCare INTEGER,
  bedsDayCare INTEGER,
  rating TEXT,
  ratingDate TEXT,
  fireCheck TEXT,
  fireCheckNote TEXT,
  hasKitchen INTEGER NOT NULL DEFAULT 0,
  foodLicenseNo TEXT,
  foodLicenseExpiry TEXT,
  hasClinic INTEGER NOT NULL DEFAULT 0,
  medicalLicenseNo TEXT,
  liabilityInsurance INTEGER NOT NULL DEFAULT 0,
  liabilityInsuranceExpiry TEXT,
  staffTotal INTEGER,
  caregivers INTEGER,
  caregiversCertified INTEGER,
  remark TEXT
);
CREATE INDEX facilities_township ON facilities(townshipCode, deletedAt);
CREATE INDEX facilities_type ON facilities(type);
CREATE INDEX facilities_status ON facilities(status);
CREATE INDEX facilities_name ON facilities(name);

CREATE TABLE facility_quarters (${RECORD},
  facilityId TEXT NOT NULL REFERENCES facilities(id),
  year INTEGER NOT NULL,
  quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  residents INTEGER NOT NULL,
  residentsDisabled INTEGER,
  residentsTekun INTEGER,
  admissions INTEGER,
  discharges INTEGER
);
CREATE UNIQUE INDEX facility_quarters_key ON facility_quarters(facilityId, year, quarter) WHERE deletedAt IS NULL;
CREATE INDEX facility_quarters_period ON facility_quarters(year, quarter);

CREATE TABLE canteens (${RECORD},
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  operationMode TEXT,
  operator TEXT,
  creditCode TEXT,
  facilityId TEXT REFERENCES facilities(id),
  address TEXT,
  village TEXT,
  contactName TEXT,
  contactPhone TEXT,
  openedOn TEXT,
  status TEXT NOT NULL,
  statusDate TEXT,
  floorArea REAL,
  seats INTEGER,
  mealCapacity INTEGER,
  delivery INTEGER NOT NULL DEFAULT 0,
  mealHours TEXT,
  mealPrice REAL,
  subsidyStandard TEXT,
  foodLicenseNo TEXT,
  foodLicenseExpiry TEXT,
  remark TEXT
);
CREATE INDEX canteens_township ON canteens(townshipCode, deletedAt);
CREATE INDEX canteens_type ON canteens(type);
CREATE INDEX canteens_status ON canteens(status);
CREATE INDEX canteens_name ON canteens(name);
CREATE INDEX canteens_licence ON canteens(foodLicenseExpiry);

CREATE TABLE canteen_months (${RECORD},
  canteenId TEXT NOT NULL REFERENCES canteens(id),
  year INTEGER NOT NULL,
  month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  openDays INTEGER,
  mealsTotal INTEGER NOT NULL,
  mealsElderly INTEGER,
  mealsSpecial INTEGER,
  mealsDelivered INTEGER,
  registeredElders INTEGER,
  subsidyAmount REAL
);
CREATE UNIQUE INDEX canteen_months_key ON canteen_months(canteenId, year, month) WHERE deletedAt IS NULL;
CREATE INDEX canteen_months_period ON canteen_months(year, month);

CREATE TABLE households (${RECORD},
  name TEXT NOT NULL,
  idCard TEXT NOT NULL,
  birthDate TEXT,
  sex TEXT,
  phone TEXT,
  contactName TEXT,
  contactRelation TEXT,
  contactPhone TEXT,
  village TEXT,
  address TEXT,
  categories TEXT NOT NULL DEFAULT '[]',
  conditions TEXT NOT NULL DEFAULT '[]',
  assessmentLevel TEXT,
  projectYear INTEGER NOT NULL,
  status TEXT NOT NULL,
  exitReason TEXT,
  totalCost REAL,
  subsidy REAL,
  selfPaid REAL,
  contractor TEXT,
  acceptanceBy TEXT,
  satisfaction TEXT,
  remark TEXT,
  -- last 4 characters of the 身份证号, kept for the search box without scanning full numbers
  idCardLast4 TEXT GENERATED ALWAYS AS (substr(idCard, -4)) VIRTUAL
);
CREATE INDEX households_township ON households(townshipCode, deletedAt);
CREATE INDEX households_year_status ON households(projectYear, status);
CREATE INDEX households_idcard ON households(idCard);
CREATE INDEX households_last4 ON households(idCardLast4);
CREATE INDEX households_name ON households(name);

CREATE TABLE household_items (${RECORD},
  householdId TEXT NOT NULL REFERENCES households(id),
  itemCode TEXT NOT NULL,
  itemName TEXT NOT NULL,
  category TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('basic','optional')),
  quantity INTEGER NOT NULL,
  unitPrice REAL NOT NULL,
  done INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX household_items_parent ON household_items(householdId);

CREATE TABLE household_steps (${RECORD},
  householdId TEXT NOT NULL REFERENCES households(id),
  step TEXT NOT NULL,
  date TEXT NOT NULL,
  byName TEXT NOT NULL,
  note TEXT
);
CREATE INDEX household_steps_parent ON household_steps(householdId, date);

CREATE TABLE household_photos (${RECORD},
  householdId TEXT NOT NULL REFERENCES households(id),
  phase TEXT NOT NULL CHECK (phase IN ('before','after')),
  fileName TEXT NOT NULL,
  originalName TEXT,
  sha256 TEXT,
  takenOn TEXT,
  isCover INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX household_photos_parent ON household_photos(householdId);

CREATE TABLE retrofit_catalogue (
  code TEXT PRIMARY KEY NOT NULL,
  category TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('basic','optional')),
  sortOrder INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  catalogueVersion TEXT NOT NULL
);

CREATE TABLE checklist_versions (
  version TEXT PRIMARY KEY NOT NULL,
  source TEXT,
  createdAt TEXT NOT NULL,
  isCurrent INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE checklist_items (
  version TEXT NOT NULL REFERENCES checklist_versions(version),
  code TEXT NOT NULL,
  category TEXT NOT NULL,
  text TEXT NOT NULL,
  major INTEGER NOT NULL DEFAULT 0,
  sortOrder INTEGER NOT NULL,
  PRIMARY KEY (version, code)
);

CREATE TABLE inspections (${RECORD},
  subjectType TEXT NOT NULL CHECK (subjectType IN ('facility','canteen')),
  facilityId TEXT REFERENCES facilities(id),
  canteenId TEXT REFERENCES canteens(id),
  inspectionType TEXT NOT NULL,
  inspectedOn TEXT NOT NULL,
  inspectors TEXT NOT NULL,
  checklistVersion TEXT NOT NULL,
  remark TEXT
);
CREATE INDEX inspections_township_date ON inspections(townshipCode, inspectedOn);
CREATE INDEX inspections_facility ON inspections(facilityId, inspectedOn);
CREATE INDEX inspections_canteen ON inspections(canteenId, inspectedOn);
CREATE INDEX inspections_type_date ON inspections(inspectionType, inspectedOn);

CREATE TABLE inspection_answers (${RECORD},
  inspectionId TEXT NOT NULL REFERENCES inspections(id),
  itemCode TEXT NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('符合','不符合','不适用')),
  remark TEXT
);
CREATE INDEX inspection_answers_parent ON inspection_answers(inspectionId);

CREATE TABLE hazards (${RECORD},
  inspectionId TEXT NOT NULL REFERENCES inspections(id),
  itemCode TEXT,
  description TEXT NOT NULL,
  level TEXT NOT NULL,
  method TEXT NOT NULL,
  deadline TEXT,
  measures TEXT,
  completedOn TEXT,
  reviewer TEXT,
  status TEXT NOT NULL,
  closedOn TEXT,
  closedByInspectionId TEXT REFERENCES inspections(id)
);
CREATE INDEX hazards_parent ON hazards(inspectionId);
CREATE INDEX hazards_status ON hazards(status, level, deadline);
CREATE INDEX hazards_township ON hazards(townshipCode, deletedAt);

CREATE TABLE targets (${RECORD},
  year INTEGER NOT NULL,
  retrofitHouseholds INTEGER,
  newCanteens INTEGER,
  nursingBedRatio REAL,
  certifiedRate REAL
);
CREATE UNIQUE INDEX targets_key ON targets(townshipCode, year) WHERE deletedAt IS NULL;

-- Human-readable trail: who changed what, when (field, old → new), plus events such as a reveal or an export.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  userId TEXT,
  userName TEXT,
  officeId TEXT,
  action TEXT NOT NULL,
  entity TEXT,
  recordId TEXT,
  field TEXT,
  oldValue TEXT,
  newValue TEXT,
  note TEXT
);
CREATE INDEX audit_log_record ON audit_log(entity, recordId, id);
CREATE INDEX audit_log_at ON audit_log(at);

-- Per-field change log for sync: the latest HLC of each field decides a merge (spec §9).
CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL,
  recordId TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT,
  hlc TEXT NOT NULL,
  officeId TEXT NOT NULL,
  userId TEXT
);
CREATE INDEX change_log_field ON change_log(entity, recordId, field, hlc);
CREATE INDEX change_log_hlc ON change_log(hlc);
`);
}
