//! Printing: tokens to formatted source with prettyplease, and the work
//! spread over the cores in chunks whose text joins to the text of the whole.

use proc_macro2::TokenStream;

/// Tokens to formatted source.
pub fn render(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the generator produced invalid Rust: {e}"))?;
    Ok(prettyplease::unparse(&file))
}

/// Pieces of one file to formatted source, every item of a piece behind the
/// piece's `#[cfg(..)]` when it has one (after its doc comment). Items are
/// printed as one file, so the text is that of printing them together.
pub fn render_gated(pieces: Vec<(Option<TokenStream>, TokenStream)>) -> Result<String, String> {
    let invalid = |e: syn::Error| format!("the generator produced invalid Rust: {e}");
    let mut file: Option<syn::File> = None;
    let mut ungated = TokenStream::new();
    let flush = |ungated: &mut TokenStream, file: &mut Option<syn::File>| {
        if ungated.is_empty() {
            return Ok(());
        }
        let parsed: syn::File = syn::parse2(std::mem::take(ungated)).map_err(invalid)?;
        match file {
            Some(f) => f.items.extend(parsed.items),
            None => *file = Some(parsed),
        }
        Ok::<(), String>(())
    };
    for (gate, tokens) in pieces {
        let Some(gate) = gate else {
            ungated.extend(tokens);
            continue;
        };
        flush(&mut ungated, &mut file)?;
        let attr: syn::Attribute = syn::parse::Parser::parse2(syn::Attribute::parse_outer, gate)
            .map_err(invalid)?
            .pop()
            .ok_or("the generator produced an empty cfg")?;
        let parsed: syn::File = syn::parse2(tokens).map_err(invalid)?;
        let f = file.get_or_insert_with(|| syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: Vec::new(),
        });
        for mut item in parsed.items {
            if let Some(attrs) = item_attrs(&mut item) {
                let after_doc = attrs
                    .iter()
                    .position(|a| !a.path().is_ident("doc"))
                    .unwrap_or(attrs.len());
                attrs.insert(after_doc, attr.clone());
            }
            f.items.push(item);
        }
    }
    flush(&mut ungated, &mut file)?;
    Ok(file.map(|f| prettyplease::unparse(&f)).unwrap_or_default())
}

/// The outer attributes of an item.
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::ExternCrate(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::ForeignMod(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::TraitAlias(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

pub(super) fn chunks(len: usize, size: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    (0..len)
        .step_by(size.max(1))
        .map(move |start| start..(start + size).min(len))
}

/// Stack of each printing thread: printing recurses with the nesting of
/// types (reserved, not committed, until used).
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// `f` over `jobs` on up to one thread per core, results in the order of
/// `jobs`. (Token streams cannot cross threads, so each job builds its own.)
pub(super) fn parallel_map<J: Sync, R: Send>(jobs: &[J], f: impl Fn(&J) -> R + Sync) -> Vec<R> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    if threads <= 1 {
        return jobs.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(jobs.len()));
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { break };
            mine.push((i, f(job)));
        }
        if let Ok(mut done) = done.lock() {
            done.extend(mine);
        }
    };
    std::thread::scope(|scope| {
        let mut spawned = 0;
        for _ in 1..threads {
            let started = std::thread::Builder::new()
                .name("oagen-print".into())
                .stack_size(WORKER_STACK_BYTES)
                .spawn_scoped(scope, work);
            if started.is_ok() {
                spawned += 1;
            }
        }
        let _ = spawned;
        // This thread works too; when no thread could be spawned it does all of it.
        work();
    });
    let mut done = done
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_range_in_order() {
        let got: Vec<_> = chunks(5, 2).collect();
        assert_eq!(got, vec![0..2, 2..4, 4..5]);
        assert_eq!(chunks(0, 4).count(), 0);
    }
}
