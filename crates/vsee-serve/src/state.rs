//! The mock's memory: intakes and visits per account, within limits, and the seeded id
//! generator.
//!
//! Ids come from one generator seeded by `--seed`, drawn in request order, so the same seed
//! and the same requests give the same ids. Ids are unique across accounts, so an id of
//! another account is simply unknown (404) rather than someone else's record. An account is
//! whoever owns records ([`Owner`], decided by the gate); it exists once it stores one, and
//! what it stores is bounded by [`Limits`], checked before a write, so a refused write changes
//! nothing.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use super::auth::Owner;
use super::record::{Facts, Record};

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

/// The bounds of what the mock keeps (`--max-account-bytes`, `--max-account-records`,
/// `--max-total-bytes`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub account_bytes: u64,
    pub account_records: u64,
    pub total_bytes: u64,
}

/// Which of an account's collections a record is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Intake,
    Visit,
}

/// One account's records, in creation order.
#[derive(Debug, Default)]
pub(crate) struct Account {
    pub intakes: IndexMap<String, Record>,
    pub visits: IndexMap<String, Record>,
    bytes: u64,
}

impl Account {
    pub fn records(&self, kind: Kind) -> &IndexMap<String, Record> {
        match kind {
            Kind::Intake => &self.intakes,
            Kind::Visit => &self.visits,
        }
    }

    fn records_mut(&mut self, kind: Kind) -> &mut IndexMap<String, Record> {
        match kind {
            Kind::Intake => &mut self.intakes,
            Kind::Visit => &mut self.visits,
        }
    }

    fn count(&self) -> u64 {
        (self.intakes.len() + self.visits.len()) as u64
    }

    /// The most recently created visit that is still open.
    pub fn current_visit(&self) -> Option<(&String, &Record)> {
        self.visits.iter().rev().find(|(_, v)| is_open(v.facts()))
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
            .filter(|(id, _)| Some(id.as_str()) != except)
            .map(|(_, v)| v.facts())
            .filter(|f| is_open(*f) && f.kind == Some(2))
            .filter_map(|f| match (f.start, f.end) {
                (Some(s), Some(e)) if s < end && start < e => Some(e),
                _ => None,
            })
            .max()
    }
}

/// Whether a visit's status is open.
pub(crate) fn is_open(facts: Facts) -> bool {
    facts.status.is_some_and(|s| OPEN_STATUSES.contains(&s))
}

/// A write the limits refuse: the answer's message names the limit and the flag that raises it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Full(pub String);

/// Everything the mock remembers.
#[derive(Debug)]
pub(crate) struct Store {
    pub ids: IdGen,
    accounts: HashMap<Owner, Account>,
    limits: Limits,
    total_bytes: u64,
}

impl Store {
    pub fn new(seed: u64, limits: Limits) -> Store {
        Store {
            ids: IdGen::new(seed),
            accounts: HashMap::new(),
            limits,
            total_bytes: 0,
        }
    }

    /// An account's records; `None` when it has stored nothing (reads create no account).
    pub fn account(&self, owner: &Owner) -> Option<&Account> {
        self.accounts.get(owner)
    }

    /// A record of an account.
    pub fn record(&self, owner: &Owner, kind: Kind, id: &str) -> Option<&Record> {
        self.account(owner)?.records(kind).get(id)
    }

    /// Notes that a stored record's body conforms as `operation_id`'s 200 answer.
    pub fn mark_checked(
        &mut self,
        owner: &Owner,
        kind: Kind,
        id: &str,
        operation_id: &'static str,
    ) {
        if let Some(record) = self
            .accounts
            .get_mut(owner)
            .and_then(|a| a.records_mut(kind).get_mut(id))
        {
            record.mark_checked(operation_id);
        }
    }

    /// Stores records (new ones or new versions) all together, or none of them when that would
    /// take the account or the mock past a limit.
    pub fn put(&mut self, owner: &Owner, writes: Vec<(Kind, String, Record)>) -> Result<(), Full> {
        let empty = Account::default();
        let account = self.accounts.get(owner).unwrap_or(&empty);
        let (mut bytes, mut count) = (account.bytes, account.count());
        let mut total = self.total_bytes;
        for (kind, id, record) in &writes {
            let old = account.records(*kind).get(id).map(|r| r.size() as u64);
            let new = record.size() as u64;
            bytes = (bytes + new).saturating_sub(old.unwrap_or(0));
            total = (total + new).saturating_sub(old.unwrap_or(0));
            count += u64::from(old.is_none());
        }
        let limits = self.limits;
        if count > limits.account_records {
            return Err(Full(format!(
                "this account holds the most records the mock keeps for one account ({},                  --max-account-records); restart the mock with a larger --max-account-records,                  or use another token",
                limits.account_records
            )));
        }
        if bytes > limits.account_bytes {
            return Err(Full(format!(
                "this write would take the account to {bytes} bytes of stored records, over the                  {} bytes the mock keeps for one account (--max-account-bytes); restart the mock                  with a larger --max-account-bytes, or send smaller bodies",
                limits.account_bytes
            )));
        }
        if total > limits.total_bytes {
            return Err(Full(format!(
                "this write would take the mock to {total} bytes of stored records, over the {}                  bytes it keeps for all accounts together (--max-total-bytes); restart the mock                  with a larger --max-total-bytes",
                limits.total_bytes
            )));
        }
        let account = self.accounts.entry(owner.clone()).or_default();
        for (kind, id, record) in writes {
            account.records_mut(kind).insert(id, record);
        }
        account.bytes = bytes;
        self.total_bytes = total;
        Ok(())
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
