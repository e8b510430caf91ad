//! Which graphics back end draws the window. `auto` asks wgpu what adapters this machine has
//! before the window opens: with a real GPU it uses wgpu; with none, or only a software
//! rasterizer (Mesa's llvmpipe or lavapipe, SwiftShader, Microsoft's basic render driver, as on
//! virtual machines and remote desktops), it uses OpenGL through glow, which was measured 6–25×
//! faster per interaction there. Once the window is up, one line on stderr names the renderer
//! and the adapter it runs on.

use eframe::wgpu;

/// The graphics back end the user asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RendererChoice {
    /// wgpu on a real GPU; OpenGL (glow) on a software rasterizer or when wgpu cannot start.
    Auto,
    /// wgpu only.
    Wgpu,
    /// OpenGL through glow only.
    Glow,
}

/// Whether an adapter draws on the CPU.
pub fn is_software(info: &wgpu::AdapterInfo) -> bool {
    const SOFTWARE: [&str; 5] = [
        "llvmpipe",
        "lavapipe",
        "softpipe",
        "swiftshader",
        "basic render",
    ];
    let name = info.name.to_lowercase();
    info.device_type == wgpu::DeviceType::Cpu || SOFTWARE.iter().any(|s| name.contains(s))
}

/// The renderer for these wgpu adapters: wgpu if one of them is hardware; glow if there is
/// none (a machine whose only GPU driver is OpenGL) or only a software rasterizer (OpenGL on the
/// same rasterizer is much faster).
pub fn decide(adapters: &[wgpu::AdapterInfo]) -> eframe::Renderer {
    if adapters.iter().any(|a| !is_software(a)) {
        eframe::Renderer::Wgpu
    } else {
        eframe::Renderer::Glow
    }
}

/// The adapters wgpu would choose from, without opening a window (Vulkan, Metal, DirectX 12;
/// the backends `WGPU_BACKEND` names, if set).
pub fn wgpu_adapters() -> Vec<wgpu::AdapterInfo> {
    let backends = wgpu::Backends::from_env().unwrap_or(wgpu::Backends::PRIMARY);
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor {
        backends,
        flags: wgpu::InstanceFlags::from_build_config().with_env(),
        backend_options: wgpu::BackendOptions::from_env_or_default(),
        memory_budget_thresholds: wgpu::MemoryBudgetThresholds::default(),
        display: None,
    });
    pollster::block_on(instance.enumerate_adapters(backends))
        .iter()
        .map(wgpu::Adapter::get_info)
        .collect()
}

/// The line that names the renderer in use and its adapter, e.g. `casebook: renderer glow on
/// llvmpipe (LLVM 15.0.6, 256 bits)`.
#[allow(
    unsafe_code,
    reason = "glow's string queries are unsafe calls; these two read the current context's names"
)]
pub fn renderer_line(cc: &eframe::CreationContext<'_>) -> String {
    if let Some(state) = &cc.wgpu_render_state {
        let info = state.adapter.get_info();
        let driver = [info.driver.as_str(), info.driver_info.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        return format!(
            "casebook: renderer wgpu on {} ({:?}{})",
            info.name,
            info.backend,
            if driver.is_empty() {
                String::new()
            } else {
                format!(", {driver}")
            }
        );
    }
    if let Some(gl) = &cc.gl {
        use eframe::glow::HasContext as _;
        // SAFETY: plain queries of strings on the current context, which eframe has made
        // current on this thread before calling the app creator.
        let (renderer, version) = unsafe {
            (
                gl.get_parameter_string(eframe::glow::RENDERER),
                gl.get_parameter_string(eframe::glow::VERSION),
            )
        };
        return format!("casebook: renderer glow on {renderer} (OpenGL {version})");
    }
    "casebook: renderer unknown".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adapter(name: &str, device_type: wgpu::DeviceType) -> wgpu::AdapterInfo {
        wgpu::AdapterInfo {
            name: name.into(),
            ..wgpu::AdapterInfo::new(device_type, wgpu::Backend::Vulkan)
        }
    }

    #[test]
    fn auto_takes_wgpu_on_a_gpu_and_glow_on_a_software_rasterizer_or_nothing() {
        let gpu = adapter("AMD Radeon RX 6600", wgpu::DeviceType::DiscreteGpu);
        let lavapipe = adapter("llvmpipe (LLVM 15.0.6, 256 bits)", wgpu::DeviceType::Cpu);
        let swiftshader = adapter("SwiftShader Device", wgpu::DeviceType::Other);
        assert_eq!(decide(std::slice::from_ref(&gpu)), eframe::Renderer::Wgpu);
        assert_eq!(decide(&[lavapipe.clone(), gpu]), eframe::Renderer::Wgpu);
        assert_eq!(decide(&[lavapipe, swiftshader]), eframe::Renderer::Glow);
        assert_eq!(decide(&[]), eframe::Renderer::Glow);
    }
}
