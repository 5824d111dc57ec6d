import type Database from 'better-sqlite3';
import { assertNever } from '../../../common/errors.js';
import type { AlarmRecord, HistoryItemType, StoredHistoryItem } from '../../metrics/alarms/alarm-model.js';
import type { AlarmDecision, AlarmStore, HistoryQuery } from '../../metrics/alarms/store.js';
import { immediateTransaction } from './transaction.js';

interface HistoryRow {
  id: number;
  alarm_name: string;
  ts: number;
  item_type: string;
  summary: string;
  data: string;
}

export class SqliteAlarmStore implements AlarmStore {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      all: db.prepare<[], { data: string }>('SELECT data FROM alarms ORDER BY name'),
      one: db.prepare<[string], { data: string }>('SELECT data FROM alarms WHERE name = ?'),
      put: db.prepare(
        `INSERT INTO alarms (name, data) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET data = excluded.data`,
      ),
      delete: db.prepare('DELETE FROM alarms WHERE name = ?'),
      append: db.prepare(
        'INSERT INTO alarm_history (alarm_name, ts, item_type, summary, data) VALUES (?, ?, ?, ?, ?)',
      ),
      prune: db.prepare('DELETE FROM alarm_history WHERE ts < ?'),
    };
  }

  list(): Promise<AlarmRecord[]> {
    return Promise.resolve(this.q.all.all().map((r) => JSON.parse(r.data) as AlarmRecord));
  }

  transact<T>(
    names: readonly string[],
    decide: (current: ReadonlyMap<string, AlarmRecord>) => AlarmDecision<T>,
  ): Promise<T> {
    return immediateTransaction(this.db, () => {
      const current = new Map<string, AlarmRecord>();
      for (const name of names) {
        const row = this.q.one.get(name);
        if (row) current.set(name, JSON.parse(row.data) as AlarmRecord);
      }
      const { changes, result } = decide(current);
      for (const change of changes) {
        switch (change.kind) {
          case 'putAlarm':
            this.q.put.run(change.alarm.config.name, JSON.stringify(change.alarm));
            break;
          case 'deleteAlarm':
            this.q.delete.run(change.name);
            break;
          case 'appendHistory': {
            const { alarmName, timestamp, type, summary, data } = change.item;
            this.q.append.run(alarmName, timestamp, type, summary, data);
            break;
          }
          default:
            assertNever(change);
        }
      }
      return result;
    });
  }

  history(query: HistoryQuery): Promise<StoredHistoryItem[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (query.alarmName !== undefined) {
      where.push('alarm_name = ?');
      args.push(query.alarmName);
    }
    if (query.type !== undefined) {
      where.push('item_type = ?');
      args.push(query.type);
    }
    if (query.from !== undefined) {
      where.push('ts >= ?');
      args.push(query.from);
    }
    if (query.to !== undefined) {
      where.push('ts <= ?');
      args.push(query.to);
    }
    if (query.after !== undefined) {
      where.push(query.ascending ? 'id > ?' : 'id < ?');
      args.push(query.after);
    }
    const order = query.ascending ? 'ASC' : 'DESC';
    args.push(query.limit);
    const rows = this.db
      .prepare<(string | number)[], HistoryRow>(
        `SELECT id, alarm_name, ts, item_type, summary, data FROM alarm_history
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id ${order} LIMIT ?`,
      )
      .all(...args);
    return Promise.resolve(
      rows.map((r) => ({
        id: r.id,
        alarmName: r.alarm_name,
        timestamp: r.ts,
        type: r.item_type as HistoryItemType,
        summary: r.summary,
        data: r.data,
      })),
    );
  }

  pruneHistory(before: number): Promise<number> {
    return Promise.resolve(this.q.prune.run(before).changes);
  }
}
