/**
 * The NomadJob controller's pure logic: plan allocations from observed pods, render allocation pods for the
 * chosen node, and compute the job's status. No Kubernetes client, no I/O, no clock (`now` is an argument).
 */
export * from './alloc-name.js';
export { allocAnnotations, allocLabels, jobSelector } from './alloc-meta.js';
export { planJob } from './plan.js';
export type * from './plan-types.js';
export { isParentJob } from './plan-context.js';
export { observePod, allocStatus, isTerminal, toAlloc } from './observed.js';
export type { AllocStatus, ContainerOutcome, NodeState, ObservedAlloc, ObservedPod, PodLike } from './observed.js';
export { renderAllocPod, restartPolicyFor, gracePeriodSeconds } from './pod-template.js';
export type { RenderInput, RenderOptions, RenderResult } from './pod-template.js';
export type * from './pod-types.js';
export type { AssignedPort } from './env.js';
export { checkDrivers, SUPPORTED_DRIVERS, DEFAULT_EXEC_IMAGE } from './drivers.js';
export { groupAsk, millicores, nodeMhzPerCore, DEFAULT_MHZ_PER_CORE } from './resources.js';
export type { GroupAsk } from './resources.js';
export { buildStatus, desiredCount, jobStatus, statusNeedsPatch, summarize } from './status.js';
export type { StatusInput } from './status.js';
export { HEALTHY, PLACED } from './conditions.js';
export { groupVersion, jobVersion } from './version.js';
export { parseGenerations, formatGenerations } from './generations.js';
export type { RescheduleEvent } from './reschedule.js';
