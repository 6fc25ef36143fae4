//! Everything traced (`tracing` spans with their fields, field updates,
//! events) and logged (`log`, which reqwest uses), at every level, handed
//! as text to a function: the hostile-server tests and the runtime fuzzer
//! search it for secrets.

/// A `tracing` subscriber and a `log` logger that pass each line to `.0`.
pub struct TraceText<F>(pub F);

impl<F: Fn(&str) + Send + Sync + 'static> TraceText<F> {
    /// Records what this thread traces until the guard is dropped.
    ///
    /// `tracing` caches, per callsite and for the whole process, whether
    /// anyone is interested, decided by the first thread to reach it. A
    /// test running beside this one without a subscriber would otherwise
    /// cache "never" for a span this test waits for, and the recording
    /// would come back empty (seen once under load). So a global subscriber
    /// that drops what it gets is installed first: it answers "sometimes"
    /// for every callsite, which makes each event ask the thread it
    /// happens on.
    pub fn capture(self) -> tracing::subscriber::DefaultGuard {
        static GLOBAL: std::sync::Once = std::sync::Once::new();
        GLOBAL.call_once(|| {
            let _ = tracing::subscriber::set_global_default(TraceText(ignore as fn(&str)));
        });
        let guard = tracing::subscriber::set_default(self);
        tracing::callsite::rebuild_interest_cache();
        guard
    }
}

/// Where the global subscriber of [`TraceText::capture`] sends its lines:
/// nowhere.
fn ignore(_: &str) {}

struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}

impl<F: Fn(&str) + Send + Sync + 'static> tracing::Subscriber for TraceText<F> {
    fn register_callsite(
        &self,
        _: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        // Asked per event, so another thread's subscriber decides its own.
        tracing::subscriber::Interest::sometimes()
    }

    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = Fields(format!("span {}:", span.metadata().name()));
        span.record(&mut fields);
        (self.0)(&fields.0);
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        tracing::span::Id::from_u64(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut fields = Fields("record:".to_owned());
        values.record(&mut fields);
        (self.0)(&fields.0);
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields(format!("event {}:", event.metadata().target()));
        event.record(&mut fields);
        (self.0)(&fields.0);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

impl<F: Fn(&str) + Send + Sync> log::Log for TraceText<F> {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        (self.0)(&format!("log {}: {}", record.target(), record.args()));
    }

    fn flush(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// Another thread, with no subscriber of its own, reaches a callsite
    /// first while this one records: this thread's event is still recorded.
    #[test]
    fn a_callsite_another_thread_reaches_first_is_still_recorded() {
        fn traced() {
            tracing::info!("reached");
        }
        let lines = Arc::new(Mutex::new(Vec::<String>::new()));
        let seen = lines.clone();
        let _guard =
            TraceText(move |line: &str| seen.lock().unwrap().push(line.to_owned())).capture();
        std::thread::spawn(traced).join().unwrap();
        traced();
        let lines = lines.lock().unwrap();
        assert_eq!(
            lines.iter().filter(|l| l.contains("reached")).count(),
            1,
            "{lines:?}"
        );
    }
}
