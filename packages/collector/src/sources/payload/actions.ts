/**
 * The plain action names of contract §10 that the vendors' events map to, written once. An event
 * type no vendor module maps keeps the vendor's own name as its action (never dropped).
 */
export const ACTION = {
  delivered: 'Email delivered',
  opened: 'Email opened',
  clicked: 'Email clicked',
  bounced: 'Email bounced',
  unsubscribed: 'Email unsubscribed',
  spam: 'Email marked as spam',
  order: 'Order completed',
  refund: 'Payment refunded',
  subscribed: 'Contact subscribed',
} as const;

