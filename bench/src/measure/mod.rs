//! The measurements, one module each. A session kind ([`cold_load`], [`per_poll`],
//! [`live`], [`cls`], [`floor`]) opens the page and runs the measurements that share it.

pub mod cls;
pub mod cold_load;
pub mod first_load;
pub mod floor;
pub mod hidden_tab;
pub mod live;
pub mod memory;
pub mod page_change;
pub mod page_of_100;
pub mod per_poll;
pub mod size;
