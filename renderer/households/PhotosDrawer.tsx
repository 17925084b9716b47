import { EyeOutlined, InboxOutlined } from '@ant-design/icons';
import {
  App as AntApp,
  Button,
  DatePicker,
  Drawer,
  Empty,
  Image,
  Popconfirm,
  Progress,
  Segmented,
  Space,
  Spin,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { MAX_PHOTO_BYTES } from '../../shared/households/contract';
import { api } from '../api';
import { readAsBase64 } from '../shell/files';
import { formatDateTime } from '../shell/format';
import { errorText, useShowError } from '../shell/useShowError';
import { recordApi, type AnyRecord } from '../records/recordApi';

type Phase = 'before' | 'after';
export const PHASE_LABELS: Record<Phase, string> = { before: '改造前', after: '改造后' };

/** What the main process accepts (it checks the bytes too): said to the clerk before anything is sent. */
const IMAGE_MIMES = ['image/jpeg', 'image/png', 'image/webp'];
const IMAGE_EXT = /\.(jpe?g|png|webp)$/i;
const ACCEPT = '.jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Why a picked file cannot be a photo of this household, in words a clerk understands; null if it may be sent. */
export function photoRefusal(file: { name: string; type: string; size: number }): string | null {
  const isImage =
    IMAGE_MIMES.includes(file.type) ||
    (!file.type && IMAGE_EXT.test(file.name)) ||
    (IMAGE_EXT.test(file.name) && file.type.startsWith('image/'));
  if (!isImage) return `“${file.name}”不是照片,没有添加。只能添加 JPG、PNG 或 WebP 格式的照片。`;
  if (file.size > MAX_PHOTO_BYTES) return `“${file.name}”有 ${mb(file.size)},超过 10 MB,没有添加。请用手机或电脑把照片压缩后再添加。`;
  if (file.size === 0) return `“${file.name}”是空文件,没有添加。`;
  return null;
}

interface UploadState {
  total: number;
  done: number;
  current: string;
}

/**
 * 改造照片 of one household: thumbnails grouped 改造前 / 改造后 (click for the large view), adding photos of
 * the chosen kind (checked here for type and size before sending; the main process copies them beside the
 * database), and removing a wrongly added one. The household's name arrives masked and stays so.
 */
export function PhotosDrawer({ household, onClose }: { household: AnyRecord | null; onClose: () => void }) {
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const photosApi = useMemo(() => recordApi('householdPhotos'), []);
  const householdId = household?.id ?? null;
  const [photos, setPhotos] = useState<AnyRecord[] | null>(null);
  const [urls, setUrls] = useState<Record<string, string | Error>>({});
  const [phase, setPhase] = useState<Phase>('before');
  const [takenOn, setTakenOn] = useState<Dayjs | null>(null);
  const [upload, setUpload] = useState<UploadState | null>(null);
  // Photos are sent one after another (each may be 10 MB); a new pick joins the end of the queue.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const pending = useRef({ total: 0, done: 0 });
  // A drawer closed (or switched to another household) while loading must not fill the next one.
  const current = useRef<string | null>(null);
  current.current = householdId;

  const load = useCallback(async () => {
    if (!householdId) return;
    try {
      const res = await photosApi.list({ filters: { householdId }, sort: { field: 'createdAt', order: 'asc' }, pageSize: 500 });
      if (current.current === householdId) setPhotos(res.rows);
    } catch (e) {
      if (current.current === householdId) setPhotos([]);
      showError(e);
    }
  }, [householdId, photosApi, showError]);

  useEffect(() => {
    setPhotos(null);
    setUrls({});
    setPhase('before');
    setTakenOn(null);
    setUpload(null);
    if (householdId) void load();
  }, [householdId, load]);

  // Thumbnails: the image bytes of each photo not yet loaded, a few at a time.
  useEffect(() => {
    if (!photos || !householdId) return;
    const missing = photos.filter((p) => !(p.id in urls)).map((p) => p.id);
    if (!missing.length) return;
    let cancelled = false;
    void (async () => {
      for (let i = 0; i < missing.length && !cancelled; i += 4) {
        const batch = missing.slice(i, i + 4);
        const got = await Promise.all(
          batch.map((id) =>
            api['households.photoData']({ id }).then(
              (d) => [id, `data:${d.mime};base64,${d.dataBase64}`] as const,
              (e: unknown) => [id, new Error(errorText(e))] as const,
            ),
          ),
        );
        if (!cancelled && current.current === householdId) setUrls((u) => ({ ...u, ...Object.fromEntries(got) }));
      }
    })();
    return () => {
      cancelled = true;
    };
    // urls is read only to skip what is loaded; adding to it must not restart the loading.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [photos, householdId]);

  const send = (file: File, kind: Phase, date: string | null, forHousehold: string) => {
    pending.current.total += 1;
    setUpload({ ...pending.current, current: file.name });
    queue.current = queue.current.then(async () => {
      setUpload({ ...pending.current, current: file.name });
      try {
        const dataBase64 = await readAsBase64(file);
        await api['households.addPhoto']({ householdId: forHousehold, phase: kind, originalName: file.name, takenOn: date, dataBase64 });
        message.success(`已添加${PHASE_LABELS[kind]}照片“${file.name}”`);
      } catch (e) {
        message.error(`“${file.name}”没有添加:${errorText(e)}`);
      } finally {
        pending.current.done += 1;
        if (pending.current.done >= pending.current.total) {
          pending.current = { total: 0, done: 0 };
          setUpload(null);
        } else setUpload({ ...pending.current, current: file.name });
        if (current.current === forHousehold) await load();
      }
    });
  };

  const beforeUpload = (file: File) => {
    const refusal = photoRefusal(file);
    if (refusal) message.error({ content: <span data-testid="photo-refused">{refusal}</span>, duration: 8 });
    else if (householdId) send(file, phase, takenOn ? takenOn.format('YYYY-MM-DD') : null, householdId);
    // Never let antd upload anything itself: the API call above is the upload.
    return false;
  };

  const remove = async (p: AnyRecord) => {
    try {
      await photosApi.remove(p.id);
      message.success(`已删除照片“${String(p.originalName ?? '')}”`);
      await load();
    } catch (e) {
      showError(e);
    }
  };

  const name = String(household?.name ?? '');
  const busy = upload !== null;

  return (
    <Drawer
      open={!!household}
      onClose={onClose}
      size={860}
      title={`改造照片 · ${name}(${String(household?.projectYear ?? '')} 年度)`}
      destroyOnHidden
    >
      <div className="photo-add">
        <Space wrap size={[16, 8]} align="center">
          <Space size={8}>
            <Typography.Text strong>照片类型</Typography.Text>
            <Segmented<Phase>
              aria-label="照片类型"
              value={phase}
              onChange={setPhase}
              options={(['before', 'after'] as const).map((k) => ({ value: k, label: PHASE_LABELS[k] }))}
            />
          </Space>
          <Space size={8}>
            <Typography.Text strong>拍摄日期</Typography.Text>
            <DatePicker
              aria-label="拍摄日期"
              value={takenOn}
              onChange={setTakenOn}
              format="YYYY-MM-DD"
              placeholder="可不填"
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            />
          </Space>
        </Space>
        <Upload.Dragger
          className="photo-dragger"
          accept={ACCEPT}
          multiple
          showUploadList={false}
          beforeUpload={beforeUpload}
          disabled={!householdId}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击选择或把照片拖到这里,添加为“{PHASE_LABELS[phase]}”照片</p>
          <p className="ant-upload-hint">JPG、PNG 或 WebP 格式,每张不超过 10 MB,可一次选多张。照片会复制到本机数据文件夹中保存。</p>
        </Upload.Dragger>
        {busy && (
          <div className="photo-progress" data-testid="photo-progress">
            <Typography.Text>
              正在添加第 {Math.min(upload.done + 1, upload.total)} / {upload.total} 张:{upload.current}
            </Typography.Text>
            <Progress percent={Math.round((upload.done / upload.total) * 100)} size="small" status="active" aria-label="照片添加进度" />
          </div>
        )}
      </div>
      {photos === null ? (
        <div className="photo-loading">
          <Spin description="正在读取照片…" />
        </div>
      ) : (
        <Image.PreviewGroup>
          {(['before', 'after'] as const).map((k) => {
            const list = photos.filter((p) => p.phase === k);
            return (
              <section key={k} className="photo-section" data-testid={`photos-${k}`}>
                <Typography.Title level={5}>
                  {PHASE_LABELS[k]}照片<Typography.Text type="secondary">(共 {list.length} 张)</Typography.Text>
                </Typography.Title>
                {list.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`还没有${PHASE_LABELS[k]}照片`} />
                ) : (
                  <div className="photo-grid">
                    {list.map((p) => (
                      <Thumb key={p.id} photo={p} url={urls[p.id]} onRemove={() => void remove(p)} />
                    ))}
                  </div>
                )}
              </section>
            );
          })}
        </Image.PreviewGroup>
      )}
    </Drawer>
  );
}

function Thumb({ photo, url, onRemove }: { photo: AnyRecord; url: string | Error | undefined; onRemove: () => void }) {
  const title = String(photo.originalName || '照片');
  const date = photo.takenOn ? `拍摄 ${String(photo.takenOn)}` : `添加 ${formatDateTime(photo.createdAt).slice(0, 10)}`;
  return (
    <figure className="photo-card" data-testid="photo-thumb">
      <div className="photo-frame">
        {url === undefined ? (
          <Spin size="small" />
        ) : url instanceof Error ? (
          <Typography.Text type="danger" className="photo-error" title={url.message}>
            照片文件读取失败
          </Typography.Text>
        ) : (
          <Image
            src={url}
            alt={title}
            width={150}
            height={112}
            className="photo-img"
            preview={{
              cover: (
                <span className="photo-cover">
                  <EyeOutlined /> 查看大图
                </span>
              ),
            }}
          />
        )}
      </div>
      <figcaption>
        <Typography.Text ellipsis={{ tooltip: title }} className="photo-name">
          {title}
        </Typography.Text>
        <div className="photo-meta">
          <Typography.Text type="secondary">{date}</Typography.Text>
          <Popconfirm
            title="删除这张照片?"
            description="删除后不再显示;照片文件仍保存在本机数据文件夹中。"
            okText="删除"
            cancelText="取消"
            okButtonProps={{ danger: true }}
            onConfirm={onRemove}
          >
            <Button size="small" type="link" danger>
              删除
            </Button>
          </Popconfirm>
        </div>
      </figcaption>
    </figure>
  );
}
