//! Everything traced (`tracing` spans with their fields, field updates,
//! events) and logged (`log`, which reqwest uses), at every level, handed
//! as text to a function: the hostile-server tests and the runtime fuzzer
//! search it for secrets.

/// A `tracing` subscriber and a `log` logger that pass each line to `.0`.
pub struct TraceText<F>(pub F);

struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}

impl<F: Fn(&str) + Send + Sync + 'static> tracing::Subscriber for TraceText<F> {
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
