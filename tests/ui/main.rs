//! The app driven as a user drives it, through egui_kittest: widgets are found by their
//! accessible labels, clicked, dragged and typed into, and the result is checked in the case
//! and on disk. No display is needed. One test binary for all of them: each links the whole
//! app (eframe, wgpu, typst), so one binary instead of six saves minutes of linking and
//! gigabytes of disk.

mod app;
mod briefing;
mod commands;
mod common;
mod evidence;
mod forms;
mod jobs;
mod map;
mod markings;
mod merge;
mod recovery;
mod script;
mod taxii;
mod technical;
mod timeline;
