//! Work made on the rayon pool and taken back in order: the pool keeps making the pieces a little
//! ahead while the calling thread takes each one in turn, so neither waits for the slowest piece of
//! a batch, and what is taken does not depend on the thread count.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc;

/// Makes a piece of each of `inputs` with `make` on the rayon pool, at most `ahead` of them at a
/// time, and hands the pieces to `take` on the calling thread in the order of their inputs. The first
/// error from `take` stops it: pieces being made are finished and dropped. A panic in `make` is
/// raised again here.
pub(crate) fn make_in_order<I: Send, T: Send, E>(
    inputs: impl IntoIterator<Item = I>,
    ahead: usize,
    make: impl Fn(I) -> T + Sync,
    mut take: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    let mut inputs = inputs.into_iter();
    if rayon::current_thread_index().is_some() {
        // A worker of the pool that waited for the pool could wait for itself: made here instead.
        return inputs.try_for_each(|input| take(make(input)));
    }
    let ahead = ahead.max(1);
    let (done, finished) = mpsc::channel();
    rayon::in_place_scope(|scope| {
        let make = &make;
        let mut started = 0;
        let mut start_next = || {
            let Some(input) = inputs.next() else {
                return false;
            };
            let (done, index) = (done.clone(), started);
            started += 1;
            scope.spawn(move |_| {
                let made = catch_unwind(AssertUnwindSafe(|| make(input)));
                // The receiver outlives the scope, so the piece always arrives.
                let _ = done.send((index, made));
            });
            true
        };
        let mut under_way = (0..ahead).filter(|_| start_next()).count();
        // Piece `index` waits in slot `index % ahead`: the pieces under way are consecutive, and
        // never more than `ahead`.
        let mut ready: Vec<Option<T>> = (0..ahead).map(|_| None).collect();
        let mut index = 0;
        while under_way > 0 {
            let piece = loop {
                if let Some(piece) = ready[index % ahead].take() {
                    break piece;
                }
                let (made_index, made) = finished
                    .recv()
                    .expect("the channel stays open while this thread holds a sender");
                ready[made_index % ahead] = Some(made.unwrap_or_else(|panic| resume_unwind(panic)));
            };
            under_way -= 1;
            under_way += usize::from(start_next());
            index += 1;
            take(piece)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces of uneven cost, so that they finish out of order.
    fn uneven(index: usize) -> usize {
        let spins = (index * 7919) % 5000;
        (0..spins).fold(index, |sum, step| std::hint::black_box(sum ^ step)) ^ index
    }

    #[test]
    fn pieces_are_taken_in_order_whatever_order_they_are_made_in() {
        for (count, ahead) in [(0, 4), (1, 1), (7, 1), (100, 3), (1000, 8), (5, 64), (9, 0)] {
            let mut taken = Vec::new();
            make_in_order(
                0..count,
                ahead,
                |index| (index, uneven(index)),
                |piece| {
                    taken.push(piece);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            let expected: Vec<_> = (0..count).map(|index| (index, uneven(index))).collect();
            assert_eq!(taken, expected, "count {count}, ahead {ahead}");
        }
    }

    #[test]
    fn inputs_are_moved_into_the_making() {
        let words: Vec<String> = (0..200).map(|index| format!("w{index}")).collect();
        let mut taken = Vec::new();
        make_in_order(
            words.clone(),
            5,
            |word| word + "!",
            |piece| {
                taken.push(piece);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        let expected: Vec<String> = words.iter().map(|word| format!("{word}!")).collect();
        assert_eq!(taken, expected);
    }

    #[test]
    fn a_worker_of_the_pool_makes_the_pieces_itself() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let taken = pool.install(|| {
            let mut taken = Vec::new();
            make_in_order(
                0..50,
                4,
                |index| index * 2,
                |piece| {
                    taken.push(piece);
                    Ok::<(), ()>(())
                },
            )
            .map(|()| taken)
        });
        assert_eq!(taken, Ok((0..50).map(|index| index * 2).collect()));
    }

    #[test]
    fn the_first_error_stops_the_taking() {
        let mut taken = Vec::new();
        let result = make_in_order(
            0..1000,
            8,
            |index| index,
            |piece| {
                if piece == 17 {
                    return Err(format!("stopped at {piece}"));
                }
                taken.push(piece);
                Ok(())
            },
        );
        assert_eq!(result, Err("stopped at 17".to_string()));
        assert_eq!(taken, (0..17).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_in_making_reaches_the_caller() {
        let caught = catch_unwind(|| {
            make_in_order(
                0..100,
                4,
                |index| assert_ne!(index, 42, "piece 42"),
                |()| Ok::<(), ()>(()),
            )
        });
        let message = caught.unwrap_err();
        let message = message.downcast_ref::<String>().unwrap();
        assert!(message.contains("piece 42"), "{message}");
    }
}
