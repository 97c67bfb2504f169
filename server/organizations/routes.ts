import type { FastifyInstance } from 'fastify';

export default async function organizationRoutes(_app: FastifyInstance) {}
