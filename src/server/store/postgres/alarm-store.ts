import { assertNever } from '../../../common/errors.js';
import type { AlarmRecord, HistoryItemType, StoredHistoryItem } from '../../metrics/alarms/alarm-model.js';
import type { AlarmDecision, AlarmStore, HistoryQuery } from '../../metrics/alarms/store.js';
import type { PgDatabase } from './pg-database.js';

interface HistoryRow {
  id: number;
  alarm_name: string;
  ts: number;
  item_type: string;
  summary: string;
  data: string;
}

export const ALARM_LOCK = 'alarms';
/** Change topic of an alarm (configuration or state; key: its name). */
export const ALARM_TOPIC = 'alarm';

export class PgAlarmStore implements AlarmStore {
  constructor(private readonly db: PgDatabase) {}

  async list(): Promise<AlarmRecord[]> {
    const rows = await this.db.query<{ data: string }>('SELECT data FROM alarms ORDER BY name');
    return rows.map((r) => JSON.parse(r.data) as AlarmRecord);
  }

  transact<T>(
    names: readonly string[],
    decide: (current: ReadonlyMap<string, AlarmRecord>) => AlarmDecision<T>,
  ): Promise<T> {
    return this.db.write(ALARM_LOCK, async (tx) => {
      const current = new Map<string, AlarmRecord>();
      const rows = await tx.query<{ name: string; data: string }>(
        'SELECT name, data FROM alarms WHERE name = ANY($1::text[])',
        [[...names]],
      );
      for (const row of rows) current.set(row.name, JSON.parse(row.data) as AlarmRecord);
      const { changes, result } = decide(current);
      for (const change of changes) {
        switch (change.kind) {
          case 'putAlarm':
            await tx.query(
              'INSERT INTO alarms (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = excluded.data',
              [change.alarm.config.name, JSON.stringify(change.alarm)],
            );
            tx.publish(ALARM_TOPIC, change.alarm.config.name);
            break;
          case 'deleteAlarm':
            await tx.query('DELETE FROM alarms WHERE name = $1', [change.name]);
            tx.publish(ALARM_TOPIC, change.name);
            break;
          case 'appendHistory': {
            const { alarmName, timestamp, type, summary, data } = change.item;
            await tx.query(
              'INSERT INTO alarm_history (alarm_name, ts, item_type, summary, data) VALUES ($1, $2, $3, $4, $5)',
              [alarmName, timestamp, type, summary, data],
            );
            break;
          }
          default:
            assertNever(change);
        }
      }
      return result;
    });
  }

  async history(query: HistoryQuery): Promise<StoredHistoryItem[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (clause: string, value: string | number): void => {
      args.push(value);
      where.push(clause.replace('?', `$${args.length}`));
    };
    if (query.alarmName !== undefined) add('alarm_name = ?', query.alarmName);
    if (query.type !== undefined) add('item_type = ?', query.type);
    if (query.from !== undefined) add('ts >= ?', query.from);
    if (query.to !== undefined) add('ts <= ?', query.to);
    if (query.after !== undefined) add(query.ascending ? 'id > ?' : 'id < ?', query.after);
    args.push(query.limit);
    const rows = await this.db.query<HistoryRow>(
      `SELECT id, alarm_name, ts, item_type, summary, data FROM alarm_history
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id ${query.ascending ? 'ASC' : 'DESC'}
       LIMIT $${args.length}`,
      args,
    );
    return rows.map((r) => ({
      id: r.id,
      alarmName: r.alarm_name,
      timestamp: r.ts,
      type: r.item_type as HistoryItemType,
      summary: r.summary,
      data: r.data,
    }));
  }

  async pruneHistory(before: number): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      'WITH gone AS (DELETE FROM alarm_history WHERE ts < $1 RETURNING 1) SELECT count(*)::bigint AS n FROM gone',
      [before],
    );
    return rows[0]?.n ?? 0;
  }
}
