import type Database from 'better-sqlite3';

/**
 * Schema history. Each entry runs once, in order, inside a transaction; `PRAGMA user_version`
 * records how far a database has come. Never edit an entry that has shipped: add a new one.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE functions (
     name TEXT PRIMARY KEY,
     data TEXT NOT NULL,
     reserved_concurrency INTEGER
   );
   CREATE TABLE versions (
     function_name TEXT NOT NULL,
     version INTEGER NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (function_name, version)
   ) WITHOUT ROWID;
   CREATE TABLE aliases (
     function_name TEXT NOT NULL,
     name TEXT NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (function_name, name)
   ) WITHOUT ROWID;`,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `the database schema (version ${current}) is newer than this gradual (version ${MIGRATIONS.length}); upgrade gradual`,
    );
  }
  MIGRATIONS.slice(current).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${current + i + 1}`);
    }).immediate();
  });
}
