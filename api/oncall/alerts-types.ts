/** Why on-call staff hear about a ticket now. */
export type TicketAlertReason = "created" | "raised" | "reporter_message";

/**
 * Alerts to staff on their linked chats, through the outbox (never sent from a request handler).
 * Every method runs after the change that causes it has committed, and never throws for a
 * delivery problem: a lost alert is caught by the escalation job.
 */
export interface Alerts {
  /** A new or raised darurat/tinggi ticket → the primary on call (or the supervisor when nobody is); a reporter's message → the assignee. */
  ticketAlert(ticketId: string, reason: TicketAlertReason, now: Date): Promise<void>;
  /** Unacknowledged past SLA → backup, then supervisor; overdue referrals → the assignee. Every minute. */
  runEscalations(now: Date): Promise<{ escalated: number; overdueReferrals: number }>;
  /** New sedang/rendah tickets not yet alerted → one digest per unit to the primary on call. Hourly. */
  sendDigests(now: Date): Promise<{ digests: number }>;
}
