//! Panics on worker threads, caught and reported as findings without printing them.
//!
//! While a run is active (a [`Guard`] lives), the process's panic hook is replaced by one that
//! stays silent for panics inside [`catch`] on this crate's worker threads, noting only where
//! they happened, and hands every other panic to the hook it replaced. The last guard to go
//! puts that hook back. (The panic hook is process-wide: a hook set by someone else while a
//! run is active is replaced when the run ends.)
use std::cell::{Cell, RefCell};
use std::panic::{self, PanicHookInfo};
use std::sync::{Arc, Mutex, PoisonError};

type Hook = Arc<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

struct Installed {
    guards: usize,
    previous: Option<Hook>,
}

static INSTALLED: Mutex<Installed> = Mutex::new(Installed {
    guards: 0,
    previous: None,
});

thread_local! {
    /// Inside [`catch`] on this thread.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    /// Where the last quiet panic of this thread happened (`file:line` of the source).
    static WHERE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps the quiet hook installed while it lives.
pub(super) struct Guard(());

impl Guard {
    pub(crate) fn install() -> Guard {
        let mut state = INSTALLED.lock().unwrap_or_else(PoisonError::into_inner);
        if state.guards == 0 {
            let previous: Hook = Arc::from(panic::take_hook());
            let others = Arc::clone(&previous);
            panic::set_hook(Box::new(move |info| {
                if QUIET.with(Cell::get) {
                    let at = info
                        .location()
                        .map(|l| format!("{}:{}", l.file(), l.line()));
                    WHERE.with(|w| *w.borrow_mut() = at);
                } else {
                    others(info);
                }
            }));
            state.previous = Some(previous);
        }
        state.guards += 1;
        Guard(())
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let mut state = INSTALLED.lock().unwrap_or_else(PoisonError::into_inner);
        state.guards -= 1;
        // `set_hook` cannot be called while panicking; the quiet hook then stays, which is
        // harmless: it hands every panic outside `catch` to the previous hook.
        if state.guards == 0 && !std::thread::panicking() {
            if let Some(previous) = state.previous.take() {
                panic::set_hook(Box::new(move |info| previous(info)));
            }
        }
    }
}

/// A caught panic.
pub(super) struct Caught {
    /// The panic message, which may quote recorded values.
    payload: Option<String>,
    /// `file:line` in the source where it happened.
    location: Option<String>,
}

impl Caught {
    /// The finding's message: the payload only with `show_values`.
    pub(crate) fn message(&self, show_values: bool) -> String {
        let at = self
            .location
            .as_ref()
            .map_or_else(String::new, |l| format!(" at {l}"));
        let mut message = format!(
            "internal error while checking this entry (a bug in vsee-contract{at}; the other \
             entries are still checked)"
        );
        if let (true, Some(payload)) = (show_values, &self.payload) {
            message.push_str(": ");
            message.push_str(payload);
        }
        message
    }
}

/// Runs `f`; a panic in it is returned (not printed: see the module docs).
pub(crate) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, Caught> {
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|payload| Caught {
        payload: payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned()),
        location: WHERE.with(|w| w.borrow_mut().take()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static PRINTED: AtomicUsize = AtomicUsize::new(0);

    fn panic_elsewhere() {
        let _ = std::thread::spawn(|| panic!("outside a run")).join();
    }

    #[test]
    fn panics_in_workers_are_quiet_and_the_hook_is_restored() {
        let original = panic::take_hook();
        panic::set_hook(Box::new(|_| {
            PRINTED.fetch_add(1, Ordering::SeqCst);
        }));

        let guard = Guard::install();
        let nested = Guard::install();
        let Err(caught) = catch(|| -> u8 { panic!("patient Jane Q. Patient") }) else {
            panic!("the panic is caught");
        };
        assert_eq!(PRINTED.load(Ordering::SeqCst), 0, "nothing printed");
        let quiet = caught.message(false);
        assert!(!quiet.contains("Jane"), "{quiet}");
        assert!(quiet.contains("internal error"), "{quiet}");
        assert!(
            quiet.contains("quiet_panics.rs:"),
            "the source location is kept: {quiet}"
        );
        assert!(caught.message(true).ends_with(": patient Jane Q. Patient"));
        assert_eq!(catch(|| 7).ok(), Some(7));

        // Other threads' panics still reach the previous hook.
        panic_elsewhere();
        assert_eq!(PRINTED.load(Ordering::SeqCst), 1);
        drop(nested);
        panic_elsewhere();
        assert_eq!(PRINTED.load(Ordering::SeqCst), 2);
        // The last guard puts the previous hook back.
        drop(guard);
        panic_elsewhere();
        assert_eq!(PRINTED.load(Ordering::SeqCst), 3);

        panic::set_hook(original);
    }
}
