//! Work over consecutive ranges of items on the machine's cores, the
//! results in order: the output is the same bytes whatever the number of
//! cores, since each range's result stays in its place.
//!
//! `std::thread::scope` and nothing else: the work is a few coarse ranges
//! of services, where a work-stealing pool would add a dependency and no
//! speed.

use std::ops::Range;

/// At most this many threads: a compile's parallel parts are a few tens of
/// milliseconds at 10,000 services, which more threads would not shorten.
const MAX_THREADS: usize = 4;

/// The threads to use: the cores this process may run on, at most
/// [`MAX_THREADS`]; `STACKC_THREADS=1` (or any number) overrides it.
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

/// `work` of `0..len` cut into consecutive ranges, one per thread but for
/// ranges shorter than `min_per_thread` (a small stack runs on this thread
/// alone): the results, in the ranges' order.
pub fn map_ranges<R: Send>(
    len: usize,
    min_per_thread: usize,
    work: impl Fn(Range<usize>) -> R + Sync,
) -> Vec<R> {
    let n = threads().min(len / min_per_thread.max(1)).max(1);
    if n == 1 {
        return vec![work(0..len)];
    }
    let ranges: Vec<Range<usize>> = (0..n).map(|i| len * i / n..len * (i + 1) / n).collect();
    let work = &work;
    std::thread::scope(|scope| {
        // The first range on this thread, the others on threads of their own.
        let others: Vec<_> = ranges[1..]
            .iter()
            .map(|range| {
                let range = range.clone();
                scope.spawn(move || work(range))
            })
            .collect();
        let mut out = Vec::with_capacity(n);
        out.push(work(ranges[0].clone()));
        for handle in others {
            match handle.join() {
                Ok(result) => out.push(result),
                // A panic in a thread is the same panic here.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::map_ranges;

    #[test]
    fn the_ranges_cover_every_item_once_in_order() {
        for len in [0, 1, 2, 3, 7, 100, 1001] {
            for min in [1, 2, 10, 1000] {
                let ranges = map_ranges(len, min, |r| r);
                let items: Vec<usize> = ranges.into_iter().flatten().collect();
                assert_eq!(items, (0..len).collect::<Vec<_>>(), "len {len} min {min}");
            }
        }
    }

    #[test]
    fn a_short_list_stays_on_this_thread() {
        let here = std::thread::current().id();
        let ids = map_ranges(10, 100, |_| std::thread::current().id());
        assert_eq!(ids, vec![here]);
    }
}
