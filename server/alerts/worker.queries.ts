/**
 * What the alert worker has to do, in one cheap read (so an idle poll costs one query, no
 * transaction): events not matched yet, notifications due, pushes due.
 */
export const SELECT_PENDING_WORK = `
  SELECT (SELECT last_id FROM event_chain_head)
           > (SELECT last_event_id FROM alert_matcher_cursor) AS unmatched,
         EXISTS (SELECT 1 FROM alert_notifications
                 WHERE delivered_at IS NULL AND due_at <= $1) AS due,
         EXISTS (SELECT 1 FROM alert_push_deliveries
                 WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1) AS pushes`;
