//! Memory of the page after two forced collections: JS heap (CDP), wasm linear memory
//! (the module's exported memory, kept by the probe), DOM counters (CDP).

use anyhow::Result;
use jobs_gallery_e2e::Test;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::stats::Stats;

const WASM_MEMORY: &str = include_str!("../../js/wasm_memory.js");

/// One reading, in bytes and counts.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Memory {
    pub js_heap_used: u64,
    pub js_heap_total: u64,
    /// `None` where the probe saw no exported memory.
    pub wasm_memory: Option<u64>,
    pub dom_nodes: u64,
    pub js_event_listeners: u64,
    pub documents: u64,
}

/// The figures the table follows, of one kind `T`: a reading's, a growth, or their
/// [`Stats`] over runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Tracked<T> {
    pub js_heap_used: T,
    pub wasm_memory: T,
    pub dom_nodes: T,
    pub js_event_listeners: T,
}

impl Memory {
    pub fn tracked(&self) -> Tracked<Option<f64>> {
        Tracked {
            js_heap_used: Some(self.js_heap_used as f64),
            wasm_memory: self.wasm_memory.map(|b| b as f64),
            dom_nodes: Some(self.dom_nodes as f64),
            js_event_listeners: Some(self.js_event_listeners as f64),
        }
    }
}

impl Tracked<Option<f64>> {
    /// From `before` to `after`, figure by figure.
    pub fn growth(before: &Memory, after: &Memory) -> Self {
        let (b, a) = (before.tracked(), after.tracked());
        let minus = crate::stats::minus;
        Tracked {
            js_heap_used: minus(a.js_heap_used, b.js_heap_used),
            wasm_memory: minus(a.wasm_memory, b.wasm_memory),
            dom_nodes: minus(a.dom_nodes, b.dom_nodes),
            js_event_listeners: minus(a.js_event_listeners, b.js_event_listeners),
        }
    }
}

impl Tracked<Stats> {
    pub fn over(runs: &[Tracked<Option<f64>>]) -> Self {
        Tracked {
            js_heap_used: Stats::over(runs, |r| r.js_heap_used),
            wasm_memory: Stats::over(runs, |r| r.wasm_memory),
            dom_nodes: Stats::over(runs, |r| r.dom_nodes),
            js_event_listeners: Stats::over(runs, |r| r.js_event_listeners),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HeapUsage {
    used_size: u64,
    total_size: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DomCounters {
    documents: u64,
    nodes: u64,
    js_event_listeners: u64,
}

pub async fn measure(t: &Test) -> Result<Memory> {
    // Twice: a first collection can leave garbage that finalizers free.
    for _ in 0..2 {
        t.cdp("HeapProfiler.collectGarbage", json!({})).await?;
    }
    let heap: HeapUsage = serde_json::from_value(t.cdp("Runtime.getHeapUsage", json!({})).await?)?;
    let dom: DomCounters =
        serde_json::from_value(t.cdp("Memory.getDOMCounters", json!({})).await?)?;
    let wasm = serde_json::from_value(t.js(WASM_MEMORY, vec![]).await?)?;
    Ok(Memory {
        js_heap_used: heap.used_size,
        js_heap_total: heap.total_size,
        wasm_memory: wasm,
        dom_nodes: dom.nodes,
        js_event_listeners: dom.js_event_listeners,
        documents: dom.documents,
    })
}
