import { useEffect, useState } from 'react';
import type { SystemStatus } from '../../shared/system/types';
import { api } from '../api';
import { useSession } from './sessionStore';

const POLL_MS = 3000;
const MAX_POLLS = 200; // ten minutes: the check of a city-scale file takes seconds

/**
 * The result of the background check of the database file (it runs once the program is usable, see
 * electron/worker/dataCheck.ts): nothing while it runs or when the file is whole; when it is damaged, a red
 * line saying that saving is paused and how to restore a backup.
 */
export function DataCheckBanner() {
  const initial = useSession((s) => s.status);
  const [status, setStatus] = useState<SystemStatus | null>(initial);
  useEffect(() => {
    setStatus(initial);
    if (initial?.dataCheck !== 'checking') return;
    let polls = 0;
    const timer = setInterval(() => {
      if (++polls > MAX_POLLS) return clearInterval(timer);
      void api['system.status']({}).then(
        (s) => {
          setStatus(s);
          if (s.dataCheck !== 'checking') clearInterval(timer);
        },
        () => undefined,
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [initial]);
  if (status?.dataCheck !== 'damaged') return null;
  return (
    <div className="data-warning" role="alert">
      {status.dataWarning}
    </div>
  );
}
