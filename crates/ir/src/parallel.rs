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
use std::sync::mpsc;

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
/// when done with one, while `consume` runs on this thread: only the few
/// chunks done ahead of their turn are held, so that a large list's
/// results are never all held at once.
pub fn for_each_ordered<R: Send>(
    len: usize,
    chunk: usize,
    work: impl Fn(Range<usize>) -> R + Sync,
    mut consume: impl FnMut(R),
) {
    let chunk = chunk.max(1);
    let chunks = len.div_ceil(chunk);
    let range = |i: usize| i * chunk..((i + 1) * chunk).min(len);
    // Only then the cores are counted (which reads the process's cgroup).
    let n = if len < MIN_PARALLEL {
        1
    } else {
        threads().min(chunks)
    };
    if n <= 1 {
        for i in 0..chunks {
            consume(work(range(i)));
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let (work, next, range) = (&work, &next, &range);
    std::thread::scope(|scope| {
        let (done, results) = mpsc::channel::<(usize, R)>();
        let mut started = 0;
        for _ in 0..n {
            let done = done.clone();
            let worker = std::thread::Builder::new().spawn_scoped(scope, move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    // A send fails only when this thread's consumer is
                    // gone, which is a panic on it: stop.
                    if i >= chunks || done.send((i, work(range(i)))).is_err() {
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
        let mut ahead: BTreeMap<usize, R> = BTreeMap::new();
        let mut turn = 0;
        // Ends when every thread is done (a panic in one is re-raised by
        // the scope).
        for (i, result) in results {
            ahead.insert(i, result);
            while let Some(result) = ahead.remove(&turn) {
                consume(result);
                turn += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::{MIN_PARALLEL, for_each_ordered};

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

    #[test]
    fn a_panic_in_a_thread_is_a_panic_here() {
        let caught = std::panic::catch_unwind(|| {
            for_each_ordered(
                10 * MIN_PARALLEL,
                10,
                |r| assert!(!r.contains(&(7 * MIN_PARALLEL)), "boom"),
                |()| {},
            );
        });
        // On one core the work runs here, which panics the same.
        assert!(caught.is_err());
    }
}
