//! Per-fingerprint rate limiting of drift events, so that one new field does not log once per
//! request. Bounded: at most [`MAX_TRACKED`] fingerprints are remembered.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Fingerprints remembered at once; past that, the ones whose interval has passed are
/// forgotten, and if none has, all are (a flood of distinct drifts logs more, never grows
/// memory).
const MAX_TRACKED: usize = 4096;

struct Slot {
    last: Instant,
    suppressed: u64,
}

pub(crate) struct Limiter {
    interval: Duration,
    slots: Mutex<HashMap<u64, Slot>>,
}

impl Limiter {
    pub(crate) fn new(interval: Duration) -> Limiter {
        Limiter {
            interval,
            slots: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn interval(&self) -> Duration {
        self.interval
    }

    /// `Some(events left out since the last one)` when an event of `fingerprint` may be logged
    /// now; `None` when it is within the interval of the last one.
    pub(crate) fn admit(&self, fingerprint: u64, now: Instant) -> Option<u64> {
        if self.interval.is_zero() {
            return Some(0);
        }
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(slot) = slots.get_mut(&fingerprint) {
            if now.duration_since(slot.last) < self.interval {
                slot.suppressed += 1;
                return None;
            }
            let suppressed = std::mem::take(&mut slot.suppressed);
            slot.last = now;
            return Some(suppressed);
        }
        if slots.len() >= MAX_TRACKED {
            let interval = self.interval;
            slots.retain(|_, slot| now.duration_since(slot.last) < interval);
            if slots.len() >= MAX_TRACKED {
                slots.clear();
            }
        }
        slots.insert(
            fingerprint,
            Slot {
                last: now,
                suppressed: 0,
            },
        );
        Some(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_event_per_interval_then_the_count_left_out() {
        let limiter = Limiter::new(Duration::from_secs(60));
        let t0 = Instant::now();
        assert_eq!(limiter.admit(1, t0), Some(0));
        assert_eq!(limiter.admit(1, t0 + Duration::from_secs(1)), None);
        assert_eq!(limiter.admit(1, t0 + Duration::from_secs(2)), None);
        assert_eq!(limiter.admit(2, t0 + Duration::from_secs(2)), Some(0));
        assert_eq!(limiter.admit(1, t0 + Duration::from_secs(61)), Some(2));
        let every = Limiter::new(Duration::ZERO);
        assert_eq!(every.admit(1, t0), Some(0));
        assert_eq!(every.admit(1, t0), Some(0));
    }

    #[test]
    fn memory_stays_bounded() {
        let limiter = Limiter::new(Duration::from_secs(60));
        let t0 = Instant::now();
        for fp in 0..(MAX_TRACKED as u64 * 3) {
            assert_eq!(limiter.admit(fp, t0), Some(0));
        }
        assert!(limiter.slots.lock().unwrap().len() <= MAX_TRACKED);
    }
}
