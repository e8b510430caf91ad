//! What several views must agree on, held in one place: the selected object, the time window
//! brushed on the timeline (the map then shows only relationships valid in it, the lists only
//! what falls in it) and the reader whose view is shown. Views read it each frame and ask to
//! change it through their intents; the shell applies those here, so selecting or clearing the
//! window anywhere does it everywhere.

use crate::model::Id;
use crate::tradecraft::Tlp;
use chrono::{DateTime, Utc};

/// A half-open span of time, in UTC.
pub type TimeWindow = (DateTime<Utc>, DateTime<Utc>);

/// The state the views share.
#[derive(Debug, Default)]
pub struct Focus {
    /// The selected object: shown in the inspector, highlighted in every view.
    pub selection: Option<Id>,
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
