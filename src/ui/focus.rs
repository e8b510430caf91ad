//! What several views must agree on, held in one place: the time window brushed on the
//! timeline (the map then shows only relationships valid in it, the lists only what falls in
//! it) and the reader whose view is shown. Views read it each frame and ask to change it through
//! their actions; the app applies those here, so clearing the window anywhere clears it
//! everywhere.

use crate::tradecraft::Tlp;
use chrono::{DateTime, Utc};

/// A half-open span of time, in UTC.
pub type TimeWindow = (DateTime<Utc>, DateTime<Utc>);

/// The state the views share.
#[derive(Debug, Default)]
pub struct Focus {
    time_window: Option<TimeWindow>,
    /// Show the case as a reader at this label would see it (`None`: everything).
    pub reader: Option<Tlp>,
}

impl Focus {
    /// The brushed time window, if any.
    pub fn time_window(&self) -> Option<TimeWindow> {
        self.time_window
    }

    /// Sets or clears the time window; returns whether it changed.
    pub fn set_time_window(&mut self, window: Option<TimeWindow>) -> bool {
        let changed = self.time_window != window;
        self.time_window = window;
        changed
    }
}
