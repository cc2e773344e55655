//! The mock's memory: intakes and visits per account, and the seeded id generator.
//!
//! Ids come from one generator seeded by `--seed`, drawn in request order, so the same seed
//! and the same requests give the same ids. Ids are unique across accounts, so an id of
//! another account is simply unknown (404) rather than someone else's record.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::gate::AccountKey;

/// Statuses of a visit that is still open (pending, confirmed, in progress).
pub(crate) const OPEN_STATUSES: [i64; 3] = [10, 20, 25];

/// SplitMix64: tiny, fast, and the same sequence for the same seed on every platform.
#[derive(Debug)]
pub(crate) struct IdGen {
    state: u64,
    used: HashSet<String>,
}

impl IdGen {
    pub fn new(seed: u64) -> IdGen {
        IdGen {
            state: seed,
            used: HashSet::new(),
        }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn hex(&mut self, len: usize) -> String {
        let mut out = String::with_capacity(len);
        while out.len() < len {
            let word = self.next_u64();
            for i in 0..16 {
                if out.len() == len {
                    break;
                }
                let nibble = ((word >> (i * 4)) & 0xf) as u32;
                out.push(char::from_digit(nibble, 16).unwrap_or('0'));
            }
        }
        out
    }

    /// A fresh id, never returned before by this generator.
    fn unique(&mut self, mut make: impl FnMut(&mut IdGen) -> String) -> String {
        loop {
            let id = make(self);
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }

    /// A visit id: 7 digits, as in the 2021-era samples' range.
    pub fn visit_id(&mut self) -> String {
        self.unique(|g| (1_000_000 + g.next_u64() % 9_000_000).to_string())
    }

    /// An intake id, GUID-shaped like the samples' (`57a0705e-1c4c-4f24-b51d-3c71ac1f0144`).
    pub fn intake_id(&mut self) -> String {
        self.unique(|g| {
            let h = g.hex(32);
            format!(
                "{}-{}-{}-{}-{}",
                &h[0..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..32]
            )
        })
    }

    /// A visit code: 32 hex digits.
    pub fn visit_code(&mut self) -> String {
        self.hex(32)
    }
}

/// One account's records, in creation order.
#[derive(Debug, Default)]
pub(crate) struct Account {
    pub intakes: IndexMap<String, Map<String, Value>>,
    pub visits: IndexMap<String, Map<String, Value>>,
}

impl Account {
    /// The most recently created visit that is still open.
    pub fn current_visit(&self) -> Option<&Map<String, Value>> {
        self.visits.values().rev().find(|v| is_open(v))
    }

    /// Whether an open appointment other than `except` overlaps `[start, end)`.
    pub fn slot_taken(&self, start: i64, end: i64, except: Option<&str>) -> bool {
        self.taken_until(start, end, except).is_some()
    }

    /// The latest end of the open appointments other than `except` that overlap
    /// `[start, end)`; `None` when the slot is free. A scan for free slots jumps there, so
    /// that one long booking cannot make it step through every slot it covers.
    pub fn taken_until(&self, start: i64, end: i64, except: Option<&str>) -> Option<i64> {
        self.visits
            .iter()
            .filter(|(id, v)| {
                Some(id.as_str()) != except && is_open(v) && int_of(v.get("type")) == Some(2)
            })
            .filter_map(
                |(_, v)| match (int_of(v.get("start")), int_of(v.get("end"))) {
                    (Some(s), Some(e)) if s < end && start < e => Some(e),
                    _ => None,
                },
            )
            .max()
    }
}

/// Whether a visit's status is open.
pub(crate) fn is_open(visit: &Map<String, Value>) -> bool {
    int_of(visit.get("status")).is_some_and(|s| OPEN_STATUSES.contains(&s))
}

/// An integer written as a number or a numeric string (`StringOrInt`).
pub(crate) fn int_of(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// Everything the mock remembers.
#[derive(Debug)]
pub(crate) struct Store {
    pub ids: IdGen,
    accounts: HashMap<AccountKey, Account>,
}

impl Store {
    pub fn new(seed: u64) -> Store {
        Store {
            ids: IdGen::new(seed),
            accounts: HashMap::new(),
        }
    }

    pub fn account(&mut self, key: &AccountKey) -> &mut Account {
        self.accounts.entry(key.clone()).or_default()
    }

    /// The account and the id generator at once.
    pub fn split(&mut self, key: &AccountKey) -> (&mut Account, &mut IdGen) {
        (self.accounts.entry(key.clone()).or_default(), &mut self.ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_ids_other_seed_other_ids() {
        let mut a = IdGen::new(7);
        let mut b = IdGen::new(7);
        let mut c = IdGen::new(8);
        let (va, vb, vc) = (a.visit_id(), b.visit_id(), c.visit_id());
        assert_eq!(va, vb);
        assert_ne!(va, vc);
        assert_eq!(va.len(), 7);
        let intake = a.intake_id();
        assert_eq!(intake, b.intake_id());
        assert_eq!(intake.len(), 36);
        assert_eq!(intake.matches('-').count(), 4);
    }

    #[test]
    fn ids_never_repeat() {
        let mut g = IdGen::new(1);
        let ids: HashSet<String> = (0..10_000).map(|_| g.visit_id()).collect();
        assert_eq!(ids.len(), 10_000);
    }
}
