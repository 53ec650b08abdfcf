import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../http/request-context.js';
import { requireAdminNetwork } from '../auth/admin-network.js';
import {
  Agency,
  AGENCY_NODE_ID,
  AgencyCreate,
  AgencyNodeSchema,
  AgencyPatch,
  DepartmentCreate,
  DepartmentCreated,
  IdParams,
  Position,
  Role,
} from './org.schemas.js';
import type { AgencyNode, OrgService } from './org.service.js';

const TAG = 'Tổ chức';
const AgencyNodeRef = Type.Unsafe<AgencyNode>({ $ref: `${AGENCY_NODE_ID}#` });

/** Agencies, departments, positions and roles. Changes are administration: configured networks only. */
export function orgRoutes(service: OrgService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addSchema(AgencyNodeSchema);

    app.get(
      '/agencies/tree',
      {
        schema: {
          tags: [TAG],
          summary: 'Cây cơ quan và phòng ban mà người dùng được xem',
          response: { 200: Type.Array(AgencyNodeRef) },
        },
      },
      async (request) => service.tree(request.principal),
    );

    app.post(
      '/agencies',
      {
        preHandler: requireAdminNetwork,
        schema: {
          tags: [TAG],
          summary: 'Tạo cơ quan trực thuộc một cơ quan mình quản lý',
          body: AgencyCreate,
          response: { 201: Agency },
        },
      },
      async (request, reply) => {
        const created = await service.createAgency(request.principal, actorOf(request), request.body);
        return reply.code(201).send(created);
      },
    );

    app.patch(
      '/agencies/:id',
      {
        preHandler: requireAdminNetwork,
        schema: {
          tags: [TAG],
          summary: 'Sửa thông tin cơ quan (cần version hiện tại; 409 nếu đã bị người khác sửa)',
          params: IdParams,
          body: AgencyPatch,
          response: { 200: Agency },
        },
      },
      async (request) => service.updateAgency(request.principal, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/agencies/:id/departments',
      {
        preHandler: requireAdminNetwork,
        schema: {
          tags: [TAG],
          summary: 'Thêm phòng ban vào cơ quan',
          params: IdParams,
          body: DepartmentCreate,
          response: { 201: DepartmentCreated },
        },
      },
      async (request, reply) => {
        const created = await service.createDepartment(
          request.principal,
          actorOf(request),
          request.params.id,
          request.body,
        );
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/positions',
      { schema: { tags: [TAG], summary: 'Danh mục chức vụ', response: { 200: Type.Array(Position) } } },
      async (request) => service.positions(request.principal),
    );

    app.get(
      '/roles',
      { schema: { tags: [TAG], summary: 'Vai trò và quyền của từng vai trò', response: { 200: Type.Array(Role) } } },
      async (request) => service.roles(request.principal),
    );
  };
}
