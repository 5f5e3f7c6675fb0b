import { Type } from 'typebox';
import { CATEGORY_SLUGS } from '../categories.js';
import { INCIDENT_STATUSES, PRIORITY_MAX, PRIORITY_MIN } from './incident-constants.js';

/** The fields an incident has in every shape: what is written, listed, streamed and exported. */
export const CategorySchema = Type.Enum(CATEGORY_SLUGS, {
  description: 'A slug of the harmonised category list',
});
export const StatusSchema = Type.Enum(INCIDENT_STATUSES);
export const PrioritySchema = Type.Integer({
  minimum: PRIORITY_MIN,
  maximum: PRIORITY_MAX,
  description: '1 is the most urgent',
});
