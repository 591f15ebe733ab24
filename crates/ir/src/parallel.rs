//! Work over a list of items on the machine's cores, the results taken in
//! order: the output is the same bytes whatever the number of cores, since
//! each chunk's result is consumed in its place.
//!
//! `std::thread::scope` and a channel, nothing else: the work is a list of
//! services cut in chunks, where a work-stealing pool would add a
//! dependency and no speed.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError, mpsc};

/// At most this many threads: a compile's parallel parts are a few tens of
/// milliseconds at 10,000 services, which more threads would not shorten.
const MAX_THREADS: usize = 4;

/// Below this many items a list is worked on this thread alone: a small
/// stack gains nothing from threads.
pub const MIN_PARALLEL: usize = 1000;

/// The threads to use: the cores this process may run on, at most
/// [`MAX_THREADS`]; `STACKC_THREADS=N` (a positive number) overrides it.
pub fn threads() -> usize {
    if let Some(n) = std::env::var("STACKC_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| *n > 0)
    {
        return n.min(MAX_THREADS);
    }
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(MAX_THREADS)
}

/// `work` of each chunk of `chunk` consecutive items of `0..len`, handed
/// to `consume` in the chunks' order. From [`MIN_PARALLEL`] items, the
/// chunks are worked on [`threads`] threads, each taking the next chunk
/// when done with one, while `consume` runs on this thread: a thread
/// starts a chunk at most twice the threads ahead of the one `consume`
/// takes next, so that a large list's results are never all held at
/// once, however slow `consume` is.
pub fn for_each_ordered<R: Send>(
    len: usize,
    chunk: usize,
    work: impl Fn(Range<usize>) -> R + Sync,
    consume: impl FnMut(R),
) {
    // Only then the cores are counted (which reads the process's cgroup).
    let n = if len < MIN_PARALLEL { 1 } else { threads() };
    on_threads(n, len, chunk, work, consume);
}

/// [`for_each_ordered`] on at most `n` threads, whatever the length.
fn on_threads<R: Send>(
    n: usize,
    len: usize,
    chunk: usize,
    work: impl Fn(Range<usize>) -> R + Sync,
    mut consume: impl FnMut(R),
) {
    let chunk = chunk.max(1);
    let chunks = len.div_ceil(chunk);
    let range = |i: usize| i * chunk..((i + 1) * chunk).min(len);
    let n = n.min(chunks);
    if n <= 1 {
        for i in 0..chunks {
            consume(work(range(i)));
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let taken = Taken::default();
    // A thread starts a chunk only this far ahead of the one `consume`
    // waits for: what is held stays a few chunks, however slow `consume`.
    let limit = 2 * n;
    let (work, next, range, taken) = (&work, &next, &range, &taken);
    std::thread::scope(|scope| {
        let (done, results) = mpsc::channel::<(usize, R)>();
        let mut started = 0;
        for _ in 0..n {
            let done = done.clone();
            let worker = std::thread::Builder::new().spawn_scoped(scope, move || {
                // Should `work` panic, the others stop waiting for a turn
                // that will not come.
                let _stop = StopOnPanic(taken);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    // A send fails only when this thread's consumer is
                    // gone, which is a panic on it: stop.
                    if i >= chunks
                        || !taken.wait_until(i, limit)
                        || done.send((i, work(range(i)))).is_err()
                    {
                        break;
                    }
                }
            });
            started += usize::from(worker.is_ok());
        }
        drop(done);
        if started == 0 {
            // No thread could be made (a limit on processes): the work is
            // done here, as on one core.
            for i in 0..chunks {
                consume(work(range(i)));
            }
            return;
        }
        // Should `consume` panic, the threads waiting for their turn stop
        // (the scope waits for them before it re-raises the panic).
        let _stop = Stop(taken);
        let mut ahead: BTreeMap<usize, R> = BTreeMap::new();
        let mut turn = 0;
        // Ends when every thread is done (a panic in one is re-raised by
        // the scope).
        for (i, result) in results {
            ahead.insert(i, result);
            while let Some(result) = ahead.remove(&turn) {
                consume(result);
                turn += 1;
                taken.set(turn);
            }
        }
    });
}

/// How many chunks `consume` took (`usize::MAX`: stop), which the
/// threads wait on.
#[derive(Default)]
struct Taken {
    count: Mutex<usize>,
    changed: Condvar,
}

impl Taken {
    fn set(&self, count: usize) {
        *self.count.lock().unwrap_or_else(PoisonError::into_inner) = count;
        self.changed.notify_all();
    }

    /// Wait until chunk `i` is fewer than `limit` chunks ahead of the
    /// next one to be taken; `false` when told to stop. The chunk taken
    /// next is never waiting here, so `consume` always gets it.
    fn wait_until(&self, i: usize, limit: usize) -> bool {
        let mut count = self.count.lock().unwrap_or_else(PoisonError::into_inner);
        while *count != usize::MAX && i >= *count + limit {
            count = self
                .changed
                .wait(count)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *count != usize::MAX
    }
}

/// Tells the waiting threads to stop when dropped.
struct Stop<'a>(&'a Taken);

impl Drop for Stop<'_> {
    fn drop(&mut self) {
        self.0.set(usize::MAX);
    }
}

/// [`Stop`] when dropped by a panic.
struct StopOnPanic<'a>(&'a Taken);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.set(usize::MAX);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::{MIN_PARALLEL, for_each_ordered, on_threads};

    /// However slow `consume` is (a slow pipe downstream), a thread starts
    /// a chunk at most twice the threads ahead of the one taken next:
    /// what is held stays bounded. And every chunk is still taken, in
    /// order.
    #[test]
    fn threads_never_run_far_ahead_of_a_slow_consumer() {
        let taken = AtomicUsize::new(0);
        let most_ahead = AtomicUsize::new(0);
        let mut out = Vec::new();
        on_threads(
            4,
            400,
            1,
            |range| {
                let ahead = range.start - taken.load(Ordering::SeqCst);
                most_ahead.fetch_max(ahead, Ordering::SeqCst);
                range.start
            },
            |i| {
                std::thread::sleep(std::time::Duration::from_micros(200));
                out.push(i);
                taken.fetch_add(1, Ordering::SeqCst);
            },
        );
        assert_eq!(out, (0..400).collect::<Vec<_>>());
        let most_ahead = most_ahead.into_inner();
        assert!(most_ahead < 2 * 4, "a chunk started {most_ahead} ahead");
        // And it did run ahead: the threads worked while `consume` slept.
        assert!(most_ahead > 0);
    }

    fn items(len: usize, chunk: usize) -> Vec<usize> {
        let mut out = Vec::new();
        for_each_ordered(len, chunk, |r| r, |r| out.extend(r));
        out
    }

    #[test]
    fn every_item_is_worked_once_and_taken_in_order() {
        for len in [
            0,
            1,
            2,
            7,
            100,
            MIN_PARALLEL - 1,
            MIN_PARALLEL,
            5 * MIN_PARALLEL + 3,
        ] {
            for chunk in [0, 1, 3, 64, 10_000] {
                assert_eq!(
                    items(len, chunk),
                    (0..len).collect::<Vec<_>>(),
                    "len {len} chunk {chunk}"
                );
            }
        }
    }

    #[test]
    fn a_short_list_stays_on_this_thread() {
        let here = std::thread::current().id();
        let mut ids = Vec::new();
        for_each_ordered(
            MIN_PARALLEL - 1,
            10,
            |_| std::thread::current().id(),
            |id| ids.push(id),
        );
        assert!(ids.iter().all(|id| *id == here));
    }

    /// Whether `f` panicked, found on a thread of its own: a failure, not a
    /// hang, when it never returns (threads waiting for a turn that never
    /// comes).
    fn panics_within_a_minute(f: impl FnOnce() + Send + 'static) -> bool {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            let _ = tx.send(caught.is_err());
        });
        rx.recv_timeout(std::time::Duration::from_secs(60))
            .expect("it hung: no return and no panic within a minute")
    }

    #[test]
    fn a_panic_in_a_thread_is_a_panic_here() {
        let panicked = panics_within_a_minute(|| {
            for_each_ordered(
                10 * MIN_PARALLEL,
                10,
                |r| assert!(!r.contains(&(7 * MIN_PARALLEL)), "boom"),
                |()| {},
            );
        });
        // On one core the work runs here, which panics the same.
        assert!(panicked);
    }

    /// A panic in `consume` while the threads wait for their turn: they
    /// stop, and the panic is re-raised here (no hang).
    #[test]
    fn a_panic_in_consume_is_a_panic_here() {
        assert!(panics_within_a_minute(|| {
            on_threads(4, 1000, 1, |r| r.start, |i| assert!(i != 10, "boom"));
        }));
    }
}
