//! Where the proxy's checks and recordings run: one at a time, on a thread of their own, in
//! the order the exchanges ended (so a recording lists a client's exchanges in the order it
//! made them), off the threads that move bytes. Also counts the exchanges whose check has not
//! ended, which shutdown waits for.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};

use tokio::sync::Notify;

type Job = Box<dyn FnOnce() + Send>;

#[derive(Default)]
struct Count {
    open: AtomicUsize,
    all_done: Notify,
}

/// An exchange whose check has not ended; counted until dropped.
pub(crate) struct Ticket(Arc<Count>);

impl Drop for Ticket {
    fn drop(&mut self) {
        if self.0.open.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.all_done.notify_waiters();
        }
    }
}

pub(crate) struct Checks {
    jobs: mpsc::Sender<Job>,
    count: Arc<Count>,
}

impl Checks {
    /// Starts the thread that runs the checks.
    pub fn start() -> Result<Checks, String> {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("proxy-checks".to_owned())
            .spawn(move || {
                for job in queue {
                    // A bug in one check must not stop the others (the panic is printed).
                    let _ = std::panic::catch_unwind(AssertUnwindSafe(job));
                }
            })
            .map_err(|e| format!("cannot start the proxy's check thread: {e}"))?;
        Ok(Checks {
            jobs,
            count: Arc::default(),
        })
    }

    /// Counts an exchange as open until its ticket is dropped.
    pub fn ticket(&self) -> Ticket {
        self.count.open.fetch_add(1, Ordering::AcqRel);
        Ticket(Arc::clone(&self.count))
    }

    /// Runs `job` after the jobs queued before it, then lets the ticket go.
    pub fn push(&self, ticket: Ticket, job: impl FnOnce() + Send + 'static) {
        // When the thread is gone, the job (and with it the ticket) is dropped.
        let _ = self.jobs.send(Box::new(move || {
            job();
            drop(ticket);
        }));
    }

    /// Resolves once every ticket handed out so far has been let go.
    pub async fn done(&self) {
        loop {
            let notified = self.count.all_done.notified();
            if self.count.open.load(Ordering::Acquire) == 0 {
                return;
            }
            notified.await;
        }
    }
}
