/**
 * Playbooks (playbooks/<plan_type>.yaml): the phases, milestones and suggestions a plan type
 * scaffolds from. Dates in a playbook are days from an anchor (the plan's start, or the
 * contract's renewal date for renewal plans: T-120 is day -120); this module turns them into
 * calendar dates (dates.ts). Pure: playbook data and dates in, plan sections out.
 */
import type { Playbook, Phase as JourneyPhase } from './types.gen.js';
import { addDaysIso, type IsoDate } from './dates.js';
import { nextId } from './plan.js';

export type { Playbook } from './types.gen.js';

/** The dates a playbook is laid out from. */
export interface PlaybookAnchors {
  /** The plan's start (onboarding, expansion, recovery), YYYY-MM-DD. */
  planStart: IsoDate;
  /** The contract's renewal date (renewal plans), YYYY-MM-DD. */
  renewalDate?: IsoDate;
}

/** The anchor date of a playbook: its renewal date (or today + default offset) or the plan start. */
export function anchorDate(playbook: Playbook, anchors: PlaybookAnchors): IsoDate {
  if (playbook.timeline.anchor === 'renewal_date') {
    return (
      anchors.renewalDate ??
      addDaysIso(anchors.planStart, playbook.timeline.default_anchor_offset_days ?? -playbook.timeline.start_day)
    );
  }
  return anchors.planStart;
}

/** The plan's timeline from the playbook: start and end dates (end includes the contingency buffer). */
export function playbookTimeline(
  playbook: Playbook,
  anchors: PlaybookAnchors,
): { start: IsoDate; end: IsoDate; anchor: IsoDate } {
  const anchor = anchorDate(playbook, anchors);
  return {
    start: addDaysIso(anchor, playbook.timeline.start_day),
    end: addDaysIso(anchor, playbook.timeline.end_day),
    anchor,
  };
}

/**
 * The adoption journey phases of a playbook, dated, with fresh ids (ph-N, ms-N continuing after
 * the ids already used) and every milestone owned by `owner` (a person of the plan).
 */
export function playbookPhases(
  playbook: Playbook,
  anchors: PlaybookAnchors,
  owner: string,
  usedIds: { phases: string[]; milestones: string[] },
): JourneyPhase[] {
  const anchor = anchorDate(playbook, anchors);
  const phaseIds = [...usedIds.phases];
  const milestoneIds = [...usedIds.milestones];
  return playbook.phases.map((p) => {
    const id = nextId('ph', phaseIds);
    phaseIds.push(id);
    return {
      id,
      name: p.name,
      start: addDaysIso(anchor, p.start_day),
      end: addDaysIso(anchor, p.end_day),
      goal: p.goal ?? '',
      milestones: p.milestones.map((m) => {
        const mid = nextId('ms', milestoneIds);
        milestoneIds.push(mid);
        return {
          id: mid,
          title: m.title,
          due: addDaysIso(anchor, m.day),
          owner,
          status: 'not_started' as const,
          ...(m.deliverable ? { deliverable: m.deliverable } : {}),
          ...(m.major ? { major: true } : {}),
        };
      }),
    };
  });
}

/** Fills {account} and {use_case} placeholders of a playbook suggestion. */
export function fillTemplate(text: string, values: { account: string; use_case?: string }): string {
  return text
    .replace(/\{account\}/g, values.account)
    .replace(/\{use_case\}/g, values.use_case?.trim() || 'the primary use case');
}
