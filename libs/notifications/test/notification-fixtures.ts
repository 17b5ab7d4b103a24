import {
  actionLink,
  type EscalationNotification,
  type ReminderNotification,
} from '@asc/notifications';

export const PUBLIC_URL = 'https://asc.medway.example';
export const ACTION_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
export const owner = { id: 'sam-7', name: 'Sam Manager', email: 'sam@council.example' };
export const qapiBoard = {
  boardId: 'qapi-board',
  name: 'Quality Assurance, Performance & Information Board',
  level: 2,
  email: 'qapi@council.example',
};

export function reminder(overrides: Partial<ReminderNotification> = {}): ReminderNotification {
  return {
    type: 'reminder',
    kind: 'due-soon',
    notificationKey: `reminder:${ACTION_ID}:due-soon:2026-03-31:0`,
    actionId: ACTION_ID,
    ref: 'ACT-QS7-003',
    title: 'Refresh safeguarding audit',
    qualityStatement: 'QS7',
    dueDate: '2026-03-31',
    daysOverdue: 0,
    owner,
    escalationLevel: 0,
    board: null,
    link: actionLink(PUBLIC_URL, ACTION_ID),
    ...overrides,
  };
}

export function escalation(
  overrides: Partial<EscalationNotification> = {},
): EscalationNotification {
  return {
    type: 'escalation',
    notificationKey: `escalation:${ACTION_ID}:2`,
    actionId: ACTION_ID,
    ref: 'ACT-QS7-003',
    title: 'Refresh safeguarding audit',
    qualityStatement: 'QS7',
    dueDate: '2026-03-31',
    daysOverdue: 30,
    owner,
    escalationLevel: 2,
    fromLevel: 1,
    reason: 'overdue',
    board: qapiBoard,
    deliveryStatus: 'overdue',
    link: actionLink(PUBLIC_URL, ACTION_ID),
    ...overrides,
  };
}
