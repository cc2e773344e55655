//! Finding input files and checking them on every core, with output in a deterministic order.
//!
//! Worker threads take turns at one shared source, which walks the files in order and frames
//! the next batch of exchanges (HAR entries via [`crate::input::har_framing::EntryScanner`],
//! NDJSON lines, bare payloads), numbered; each worker then parses and checks the batch it
//! framed; the calling thread puts the results back in order and builds the report. Memory
//! stays bounded whatever the file size: a worker waits before framing once
//! [`RunOptions::in_flight`] exchanges are read but not yet reported.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::Mutex;

mod accept;
mod collection;
mod options;
mod pipeline;
mod quiet_panics;

pub use options::RunOptions;

use crate::check::Checker;
use crate::input::InputFile;
use crate::report::{Finding, Report};

use collection::Collector;
use pipeline::{worker, Event, Source, BATCH_ITEMS};

/// Checks every file and builds the report. `problems` are input findings found while
/// collecting paths; they are listed first.
pub fn run(
    checker: &Checker,
    files: &[InputFile],
    problems: Vec<Finding>,
    options: &RunOptions,
) -> Report {
    // A panic while checking an exchange (a bug) becomes a finding; the default hook would
    // print its message, which may quote recorded values, to stderr.
    let _quiet = quiet_panics::Guard::install();
    let jobs = if options.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        options.jobs
    };
    // In-flight batches: enough to keep every worker busy while the collector catches up.
    let in_flight = (options.in_flight / BATCH_ITEMS).max(2 * jobs + 2);
    let mut collector = Collector::new(checker, files, options);
    for finding in problems {
        collector.add_finding(finding);
    }

    let (token_tx, token_rx) = mpsc::sync_channel::<()>(in_flight);
    let (event_tx, event_rx) = mpsc::channel::<(u64, Vec<Event>)>();
    let source = Mutex::new(Source::new(files, options.max_entry_bytes));
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let (event_tx, token_tx) = (event_tx.clone(), token_tx.clone());
            let source = &source;
            scope.spawn(move || worker(checker, files, options, source, token_tx, event_tx));
        }
        drop((event_tx, token_tx));

        let mut next = 0u64;
        let mut pending: BTreeMap<u64, Vec<Event>> = BTreeMap::new();
        for (seq, events) in event_rx {
            pending.insert(seq, events);
            while let Some(events) = pending.remove(&next) {
                for event in events {
                    collector.event(event);
                }
                next += 1;
                // Frees one in-flight slot for the workers.
                let _ = token_rx.recv();
            }
        }
    });
    collector.finish()
}
