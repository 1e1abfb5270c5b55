//! posedeck: a viewer and command line for precomputed pose and motion-capture data.
//!
//! Layers (each may import only those listed after its arrow; see `ARCHITECTURE.md`):
//! - [`model`]: clips, skeletons, layouts, spaces. Imports nothing.
//! - [`formats`] -> model: file readers and writers.
//! - [`analysis`] -> model: angles, filters, alignment. Pure functions.
//! - [`scene`] -> model, analysis: camera and frame-to-primitives.
//! - [`render`] -> scene, model: tiny-skia rasteriser for headless pictures.
//! - [`library`] -> formats, render, model: folder indexing.
//! - [`synth`] -> model, formats: the deterministic sample generator.
//! - [`app`] -> everything below: the eframe viewer.
//! - [`cli`] -> everything below: the sub-commands.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod formats;
pub mod library;
pub mod model;
pub mod render;
pub mod scene;
pub mod synth;
