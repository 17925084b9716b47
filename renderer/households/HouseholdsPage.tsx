import { Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import type { EntityDef } from '../../shared/domain/entity';
import { stepOrder, WORKFLOW_STEPS } from '../../shared/domain/enums';
import { todayIso } from '../../shared/domain/fields';
import type { IdCardCheck } from '../../shared/households/contract';
import { householdItemEntity, householdStepEntity } from '../../shared/households/schema';
import type { RetrofitItem } from '../../shared/system/types';
import { api } from '../api';
import { printDocument } from '../shell/print';
import { useListLink } from '../shell/usePageTab';
import { useShowError } from '../shell/useShowError';
import { ChildGrid } from '../records/ChildGrid';
import type { AnyRecord } from '../records/recordApi';
import { RecordList } from '../records/RecordList';
import { useSession } from '../system/sessionStore';
import { IdCardBanner } from './IdCardBanner';
import { PhotosDrawer } from './PhotosDrawer';

const yuan = (v: number) => v.toFixed(2);

/** 适老化改造户: list and form, the 一户一案 plan from the catalogue, and the dated workflow steps. */
/** The step after the furthest one dated (申请 for a household with none; none after 归档). */
function nextStep(rows: AnyRecord[]): string | undefined {
  const furthest = Math.max(-1, ...rows.map((r) => stepOrder(r.step)));
  return WORKFLOW_STEPS[furthest + 1];
}

export function HouseholdsPage() {
  const office = useSession((s) => s.status?.office);
  const userName = useSession((s) => s.status?.user?.displayName ?? '');
  const showError = useShowError();
  const [check, setCheck] = useState<IdCardCheck | null>(null);
  const [plan, setPlan] = useState<AnyRecord | null>(null);
  const [steps, setSteps] = useState<AnyRecord | null>(null);
  // A step dated further along moves the household's 进度: the list shows it when the steps grid closes.
  const [reloadKey, setReloadKey] = useState(0);
  const [photos, setPhotos] = useState<AnyRecord | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [catalogue, setCatalogue] = useState<RetrofitItem[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const link = useListLink();
  useEffect(() => {
    void api['reference.catalogues']({}).then((c) => setCatalogue(c.retrofit));
  }, []);
  const byCode = new Map(catalogue.map((c) => [c.code, c]));
  const basicFirst = [...catalogue].sort((a, b) => (a.kind === b.kind ? a.sortOrder - b.sortOrder : a.kind === 'basic' ? -1 : 1));

  return (
    <>
      <RecordList
        reloadKey={reloadKey}
        list="households"
        link={link}
        sections={[
          { title: '老人信息', fields: ['name', 'idCard', 'birthDate', 'sex', 'townshipCode', 'village', 'phone', 'address'] },
          { title: '联系人', fields: ['contactName', 'contactRelation', 'contactPhone'] },
          { title: '对象与评估', fields: ['categories', 'conditions', 'assessmentLevel', 'projectYear', 'status', 'exitReason'] },
          { title: '资金与验收', fields: ['totalCost', 'subsidy', 'selfPaid', 'contractor', 'acceptanceBy', 'satisfaction'] },
          { title: '备注', fields: ['remark'] },
        ]}
        openId={openId}
        defaults={{
          status: '申请',
          projectYear: new Date().getFullYear(),
          townshipCode: office?.level === 'township' ? office.divisionCode : undefined,
          categories: [],
          conditions: [],
        }}
        rowActions={(r) => [
          { key: 'plan', label: '一户一案', onClick: () => setPlan(r) },
          { key: 'steps', label: '进度', onClick: () => setSteps(r) },
          { key: 'photos', label: '照片', onClick: () => setPhotos(r) },
          {
            key: 'print',
            label: ['竣工验收', '回访', '归档'].includes(String(r.status)) ? '打印验收单' : '打印一户一案',
            onClick: () =>
              void printDocument('print.household', {
                householdId: r.id,
                kind: ['竣工验收', '回访', '归档'].includes(String(r.status)) ? 'acceptance' : 'plan',
              }).catch(showError),
          },
        ]}
        formProps={{
          banner: (
            <IdCardBanner
              check={check}
              onOpen={(id) => {
                setCheck(null);
                setOpenId(id);
              }}
            />
          ),
          onFieldChange: (field, value, form) => {
            if (field !== 'idCard') return;
            clearTimeout(timer.current);
            const v = String(value ?? '').trim();
            if (v.length < 15 || v.includes('*')) return setCheck(null);
            timer.current = setTimeout(() => {
              void api['households.checkIdCard']({ idCard: v }).then((c) => {
                setCheck(c);
                if (c.ok) form.setFieldsValue({ birthDate: dayjs(c.birthDate), sex: c.sex });
              });
            }, 250);
          },
        }}
      />
      <ChildGrid
        open={!!plan}
        title={`一户一案 · ${String(plan?.name ?? '')}(${String(plan?.projectYear ?? '')} 年度)`}
        name="householdItems"
        entity={householdItemEntity as unknown as EntityDef}
        parentField="householdId"
        parentId={plan?.id ?? null}
        sort={{ field: 'kind', order: 'asc' }}
        columns={[
          { key: 'kind', title: '性质', width: 70, render: (r) => (r.kind === 'basic' ? '基础类' : '可选类') },
          { key: 'category', width: 120 },
          { key: 'itemName', width: 200 },
          { key: 'quantity', width: 60 },
          { key: 'unitPrice', width: 90 },
          { key: 'amount', title: '金额(元)', width: 100, render: (r) => yuan(Number(r.quantity) * Number(r.unitPrice)) },
          { key: 'done', width: 70 },
        ]}
        sections={[{ title: '改造项目', fields: ['itemCode', 'itemName', 'category', 'kind', 'quantity', 'unitPrice', 'done'] }]}
        defaults={() => ({ quantity: 1, done: false })}
        summary={(rows) => {
          const total = rows.reduce((a, r) => a + Number(r.quantity) * Number(r.unitPrice), 0);
          const subsidy = Number(plan?.subsidy ?? 0);
          const self = Number(plan?.selfPaid ?? 0);
          const recorded = plan?.totalCost == null ? null : Number(plan.totalCost);
          return (
            <span>
              项目合计 {yuan(total)} 元(基础类 {rows.filter((r) => r.kind === 'basic').length} 项,可选类{' '}
              {rows.filter((r) => r.kind !== 'basic').length} 项); 登记的改造总费用 {recorded === null ? '未填' : `${yuan(recorded)} 元`}
              ,政府补贴 {yuan(subsidy)} + 个人自付 {yuan(self)} = {yuan(subsidy + self)} 元
              {recorded !== null && Math.abs(recorded - total) > 0.005 ? ' — 与项目合计不一致,请核对' : ''}
            </span>
          );
        }}
        formProps={{
          controls: {
            itemCode: (
              <Select
                showSearch
                optionFilterProp="label"
                placeholder="从改造项目目录中选择(基础类在前)"
                options={basicFirst.map((c) => ({
                  value: c.code,
                  label: `${c.kind === 'basic' ? '【基础】' : '【可选】'}${c.category} · ${c.name}`,
                }))}
              />
            ),
          },
          onFieldChange: (field, value, form) => {
            const c = field === 'itemCode' ? byCode.get(String(value)) : undefined;
            if (c) form.setFieldsValue({ itemName: c.name, category: c.category, kind: c.kind });
          },
        }}
        onClose={() => setPlan(null)}
      />
      <ChildGrid
        open={!!steps}
        title={`改造进度 · ${String(steps?.name ?? '')}`}
        name="householdSteps"
        entity={householdStepEntity as unknown as EntityDef}
        parentField="householdId"
        parentId={steps?.id ?? null}
        sort={{ field: 'date', order: 'asc' }}
        // A new row is the next step of the workflow, today, by the clerk at the keyboard (each can be changed).
        defaults={(rows) => ({ step: nextStep(rows), date: todayIso(), byName: userName })}
        columns={[
          { key: 'step', width: 110 },
          { key: 'date', width: 120 },
          { key: 'byName', width: 100 },
          { key: 'note', width: 260 },
        ]}
        sections={[{ title: '进度', fields: ['step', 'date', 'byName', 'note'] }]}
        onClose={() => {
          setSteps(null);
          setReloadKey((k) => k + 1);
        }}
      />
      <PhotosDrawer household={photos} onClose={() => setPhotos(null)} />
    </>
  );
}
