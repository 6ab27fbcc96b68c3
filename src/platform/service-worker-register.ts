/**
 * Registers sw.js (the offline cache, see service-worker.ts) in production builds, once the page
 * has loaded its data: the worker's install then downloads the site's files again (revalidated)
 * without competing with the first view. Relative URLs and scope './' keep it working from any
 * sub-path. A browser without service workers, or a refused registration, just stays online-only.
 */

/**
 * @param whenReady resolves when the page's own loading is done (the training split is in)
 * @returns the registration, or null when there is none
 */
export async function registerServiceWorker(whenReady: Promise<void>): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator)) return null;
  await whenReady;
  try {
    return await navigator.serviceWorker.register('sw.js', { scope: './' });
  } catch (err) {
    console.warn('Offline cache unavailable:', err);
    return null;
  }
}
