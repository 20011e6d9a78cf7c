// The FaceChain page: everything it shows comes from the API it was served by (styles, modes, limits, faces, jobs).
"use strict";

const api = {
  key() { return localStorage.getItem("facechain.functionKey") || ""; },
  headers(extra) {
    const headers = Object.assign({}, extra);
    if (api.key()) headers["x-functions-key"] = api.key();
    return headers;
  },
  // Every API error is {errors: [{field, code, message}]}; a 401 has no body (the Functions host's key check).
  async call(method, path, body, contentType) {
    let response;
    try {
      response = await fetch("/api/" + path, {
        method,
        headers: api.headers(contentType ? { "content-type": contentType } : {}),
        body,
      });
    } catch (e) {
      throw new ApiError(0, [{ field: "", code: "unreachable", message: "the API cannot be reached: " + e.message }]);
    }
    if (response.status === 401) {
      throw new ApiError(401, [{ field: "", code: "unauthorized", message: "the API needs a function key: enter it under \"API key\" at the top" }]);
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!response.ok) {
      const errors = json && Array.isArray(json.errors) ? json.errors : [{ field: "", code: "http" + response.status, message: "the API answered " + response.status }];
      throw new ApiError(response.status, errors);
    }
    return json;
  },
};

class ApiError extends Error {
  constructor(status, errors) {
    super(errors.map(e => e.message).join("; "));
    this.status = status;
    this.errors = errors;
  }
}

const state = {
  modes: [], limits: null, mode: "style", styles: [], styleId: null,
  photo: null, photoFaces: null, extra: {}, job: null, polling: null,
};

const $ = (selector, root) => (root || document).querySelector(selector);
const el = (tag, props, children) => {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children || []) node.append(child);
  return node;
};

// Errors are shown next to the control whose field they name: "characterPhoto.blob" belongs to characterPhoto,
// "faces[2].characterPhoto" to faces, "loras[1].multiplier" to loras; anything unplaced goes to the banner.
function showErrors(errors, fallbackField) {
  clearErrors();
  for (const error of errors) {
    const field = error.field === "" && fallbackField !== undefined ? fallbackField : error.field;
    const slot = errorSlot(field);
    if (slot) {
      slot.textContent = (slot.textContent ? slot.textContent + " · " : "") + error.message;
      slot.dataset.code = error.code;
    } else {
      const banner = $("#global-error");
      banner.hidden = false;
      banner.textContent = (banner.textContent ? banner.textContent + " · " : "") + error.message;
    }
  }
}

function errorSlot(field) {
  const candidates = [field, field.split(/[.[]/)[0]];
  for (const name of candidates) {
    const slot = document.querySelector(`.field-error[data-for="${CSS.escape(name)}"]`);
    if (slot) return slot;
  }
  return null;
}

function clearErrors(field) {
  const selector = field === undefined ? ".field-error" : `.field-error[data-for="${CSS.escape(field)}"]`;
  document.querySelectorAll(selector).forEach(slot => { slot.textContent = ""; delete slot.dataset.code; });
  if (field === undefined) {
    const banner = $("#global-error");
    banner.hidden = true;
    banner.textContent = "";
  }
}

// ---- modes -------------------------------------------------------------------------------------------------------

const modeNames = { style: "Style", customLora: "Custom LoRA", pose: "Pose", template: "Template", multiTemplate: "Multi-person template" };

async function loadModes() {
  const list = await api.call("GET", "modes");
  state.modes = list.modes.filter(m => m.supported);
  state.limits = list.limits;
  const container = $("#modes");
  container.replaceChildren();
  for (const mode of state.modes) {
    const input = el("input", { type: "radio", name: "mode", value: mode.id, checked: mode.id === state.mode });
    input.addEventListener("change", () => selectMode(mode.id));
    container.append(el("label", { className: "mode", id: "mode-" + mode.id }, [input, modeNames[mode.id] || mode.id]));
  }
  applyLimits();
  selectMode(state.modes.some(m => m.id === state.mode) ? state.mode : state.modes[0].id);
}

function applyLimits() {
  const l = state.limits;
  $("#count").max = l.maxCount;
  $("#size").max = l.maxSide;
  $("#size").step = l.imageSizeMultiple;
  $("#steps").max = l.maxSteps;
  $("#guidance").max = l.maxGuidanceScale;
  $("#face-scale").max = l.maxFaceScale;
}

function currentMode() { return state.modes.find(m => m.id === state.mode); }

function selectMode(id) {
  state.mode = id;
  state.extra = {};
  document.querySelectorAll(".mode").forEach(label => label.classList.toggle("selected", label.id === "mode-" + id));
  const inputs = currentMode().inputs;
  $("#style-step").hidden = !inputs.some(i => i.kind === "style");
  // A multi-person template takes its character photos face by face instead of one photo.
  $("#photo-step").hidden = inputs.some(i => i.kind === "faceMap");
  renderModeControls(inputs.filter(i => i.kind !== "style"));
}

// Generic controls by input kind, so modes the server adds later get working controls without a page change.
function renderModeControls(inputs) {
  const container = $("#mode-controls");
  container.replaceChildren();
  $("#mode-inputs").hidden = inputs.length === 0;
  $("#mode-inputs-title").textContent = (modeNames[state.mode] || state.mode) + " inputs";
  for (const input of inputs) {
    const control = el("div", { className: "mode-control" });
    control.dataset.field = input.field;
    container.append(control);
    const render = controlRenderers[input.kind];
    if (render) render(control, input);
    control.append(el("span", { className: "field-error" }));
    control.lastChild.dataset.for = input.field;
  }
}

const controlRenderers = {
  photo(control, input) {
    control.append(el("label", { textContent: labelFor(input.field) }));
    const file = el("input", { type: "file", accept: "image/*", id: input.field + "-input" });
    const canvas = el("canvas", { id: input.field + "-canvas", width: 0, height: 0 });
    const report = el("div", { className: "faces-report muted" });
    control.append(file, el("div", { className: "preview" }, [canvas, report]));
    file.addEventListener("change", async () => {
      const photo = await readPhoto(file.files[0]);
      state.extra[input.field] = { data: photo.base64 };
      const faces = await detectFaces(photo, input.field, canvas, report);
      const template = currentMode().inputs.some(i => i.kind === "faceIndex" || i.kind === "faceMap");
      if (faces && template && input.field === "templatePhoto") enableFacePicking(canvas, photo, faces);
    });
  },
  faceIndex(control, input) {
    control.append(el("label", { textContent: "Face to redraw" }),
      el("p", { className: "muted", id: input.field + "-choice", textContent: "Click a face on the template photo (default: the first face)." }));
  },
  faceMap(control, input) {
    control.append(el("label", { textContent: "Characters" }),
      el("p", { className: "muted", textContent: "Click a face on the template photo, then choose the photo of the person to put there." }),
      el("ul", { className: "assignments", id: "face-map-list" }));
  },
  loras(control, input) {
    control.append(el("label", { textContent: "Your LoRA files (.safetensors, up to 4)" }));
    const file = el("input", { type: "file", accept: ".safetensors", multiple: true, id: "loras-input" });
    const list = el("ul", { className: "assignments", id: "loras-list" });
    control.append(file, list);
    file.addEventListener("change", async () => {
      clearErrors(input.field);
      state.extra.loras = [];
      list.replaceChildren();
      for (const f of Array.from(file.files).slice(0, 4)) {
        try {
          const uploaded = await api.call("POST", "loras", await f.arrayBuffer(), "application/octet-stream");
          const multiplier = el("input", { type: "number", step: "0.1", value: "1", min: "-2", max: "2" });
          const entry = { blob: uploaded.lora, multiplier: 1 };
          multiplier.addEventListener("change", () => { entry.multiplier = Number(multiplier.value); });
          state.extra.loras.push(entry);
          list.append(el("li", {}, [`${f.name} — ${uploaded.mappedLayers} layers, multiplier `, multiplier]));
        } catch (e) {
          showApiError(e, input.field);
        }
      }
    });
  },
};

function labelFor(field) {
  return { posePhoto: "Pose reference photo", templatePhoto: "Template photo" }[field] || field;
}

// ---- styles ------------------------------------------------------------------------------------------------------

async function loadStyles() {
  const list = await api.call("GET", "styles");
  state.styles = list.styles;
  const gallery = $("#styles");
  gallery.replaceChildren();
  for (const style of state.styles) {
    const recommended = [
      style.steps ? style.steps + " steps" : null,
      style.sampler || null,
      style.guidanceScale != null ? "guidance " + style.guidanceScale : null,
      "face " + style.defaultFaceScale,
    ].filter(Boolean).join(" · ");
    const card = el("button", { type: "button", className: "style-card", id: "style-" + style.id }, [
      el("h3", {}, [style.displayName, style.hasLora ? el("span", { className: "badge", textContent: "LoRA" }) : "",
        style.source === "storage" ? el("span", { className: "badge", textContent: "custom" }) : ""]),
      el("p", { textContent: style.description || "" }),
      el("div", { className: "meta", textContent: recommended }),
    ]);
    card.dataset.styleId = style.id;
    card.setAttribute("role", "option");
    card.addEventListener("click", () => selectStyle(style.id));
    gallery.append(card);
  }
  if (state.styles.length) selectStyle(state.styles[0].id);
}

function selectStyle(id) {
  state.styleId = id;
  clearErrors("styleId");
  document.querySelectorAll(".style-card").forEach(card => {
    const selected = card.dataset.styleId === id;
    card.classList.toggle("selected", selected);
    card.setAttribute("aria-selected", String(selected));
  });
  const style = state.styles.find(s => s.id === id);
  $("#steps").placeholder = style.steps ? String(style.steps) : "style's";
  $("#guidance").placeholder = style.guidanceScale != null ? String(style.guidanceScale) : "style's";
  $("#face-scale").placeholder = String(style.defaultFaceScale);
}

// ---- photos and faces --------------------------------------------------------------------------------------------

async function readPhoto(file) {
  const bytes = await file.arrayBuffer();
  let binary = "";
  const view = new Uint8Array(bytes);
  for (let i = 0; i < view.length; i += 0x8000) binary += String.fromCharCode.apply(null, view.subarray(i, i + 0x8000));
  return { file, bytes, base64: btoa(binary), type: file.type || "application/octet-stream" };
}

// Asks the API for the photo's faces and draws them; on an API error shows it next to the field and returns null.
async function detectFaces(photo, field, canvas, report) {
  clearErrors(field);
  canvas.dataset.faces = "";
  report.textContent = "Looking for faces…";
  try {
    const faces = await api.call("POST", "faces", photo.bytes, photo.type);
    await drawFaces(canvas, photo, faces);
    report.replaceChildren(...describeFaces(faces));
    return faces;
  } catch (e) {
    canvas.width = 0;
    canvas.height = 0;
    report.textContent = "";
    showApiError(e, field);
    return null;
  }
}

function showApiError(e, field) {
  if (e instanceof ApiError) showErrors(e.errors, field);
  else showErrors([{ field: "", code: "client", message: String(e.message || e) }]);
}

async function drawFaces(canvas, photo, faces, highlight) {
  const bitmap = await createImageBitmap(new Blob([photo.bytes], { type: photo.type }), { imageOrientation: "from-image" });
  const scale = Math.min(1, 420 / bitmap.width);
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  // Boxes are in the oriented image's pixels, as the API measured them.
  const k = canvas.width / faces.imageWidth;
  for (const face of faces.faces) {
    const chosen = highlight === undefined ? face.index === faces.chosenIndex : face.index === highlight;
    ctx.lineWidth = 3;
    ctx.strokeStyle = chosen ? "#22c55e" : "#f59e0b";
    ctx.strokeRect(face.box.x * k, face.box.y * k, face.box.width * k, face.box.height * k);
    ctx.fillStyle = ctx.strokeStyle;
    for (const p of face.landmarks) { ctx.beginPath(); ctx.arc(p.x * k, p.y * k, 3, 0, Math.PI * 2); ctx.fill(); }
    ctx.font = "bold 16px system-ui";
    ctx.fillText(String(face.index), face.box.x * k + 4, face.box.y * k - 6 < 14 ? face.box.y * k + 18 : face.box.y * k - 6);
  }
  canvas.dataset.faces = String(faces.faces.length);
}

function describeFaces(faces) {
  const chosen = faces.faces.find(f => f.index === faces.chosenIndex);
  const lines = [el("div", { className: "ok", textContent: `${faces.faces.length} face${faces.faces.length === 1 ? "" : "s"} found; face ${faces.chosenIndex} will be portrayed` })];
  if (chosen) {
    lines.push(el("div", { textContent: `quality ${chosen.quality.score.toFixed(2)} · sharpness ${chosen.quality.sharpness.toFixed(0)} · yaw ${chosen.quality.yawDegrees.toFixed(0)}°` }));
    for (const issue of chosen.quality.issues) lines.push(el("div", { className: "warn", textContent: "⚠ " + issue }));
  }
  return lines;
}

function enableFacePicking(canvas, photo, faces) {
  canvas.classList.add("clickable");
  canvas.onclick = async event => {
    const rect = canvas.getBoundingClientRect();
    const k = faces.imageWidth / rect.width;
    const x = (event.clientX - rect.left) * k, y = (event.clientY - rect.top) * k;
    const face = faces.faces.find(f => x >= f.box.x && x <= f.box.x + f.box.width && y >= f.box.y && y <= f.box.y + f.box.height);
    if (!face) return;
    await drawFaces(canvas, photo, faces, face.index);
    if (currentMode().inputs.some(i => i.kind === "faceIndex")) {
      state.extra.faceIndex = face.index;
      $("#faceIndex-choice").textContent = `Face ${face.index} will be redrawn.`;
    } else {
      assignCharacter(face.index);
    }
  };
}

function assignCharacter(index) {
  const picker = el("input", { type: "file", accept: "image/*" });
  picker.addEventListener("change", async () => {
    const photo = await readPhoto(picker.files[0]);
    // The contract's faces: [{ faceIndex, characterPhoto }], one entry per template face (a new photo replaces the old).
    const faces = (state.extra.faces || []).filter(f => f.faceIndex !== Number(index));
    faces.push({ faceIndex: Number(index), characterPhoto: { data: photo.base64 } });
    state.extra.faces = faces;
    $("#face-map-list").replaceChildren(...faces.map(f =>
      el("li", { textContent: `face ${f.faceIndex} ← ${f.faceIndex === Number(index) ? photo.file.name : "photo chosen"}` })));
  });
  picker.click();
}

async function onPhotoChosen() {
  const file = $("#photo-input").files[0];
  state.photo = null;
  state.photoFaces = null;
  if (!file) return;
  const photo = await readPhoto(file);
  const faces = await detectFaces(photo, "characterPhoto", $("#photo-canvas"), $("#photo-faces"));
  state.photo = photo;
  state.photoFaces = faces;
}

// ---- jobs --------------------------------------------------------------------------------------------------------

function numberOrUndefined(selector) {
  const text = $(selector).value.trim();
  return text === "" ? undefined : Number(text);
}

function buildRequest() {
  const inputs = currentMode().inputs;
  const size = numberOrUndefined("#size");
  const request = { mode: state.mode, count: numberOrUndefined("#count"), width: size, height: size };
  if (inputs.some(i => i.kind === "style")) request.styleId = state.styleId;
  if (!inputs.some(i => i.kind === "faceMap") && state.photo) request.characterPhoto = { data: state.photo.base64 };
  const seed = $("#seed").value.trim();
  // Seeds are strings in JSON: they exceed JavaScript's safe integers.
  if (seed !== "") request.seed = seed;
  request.steps = numberOrUndefined("#steps");
  request.guidanceScale = numberOrUndefined("#guidance");
  request.faceScale = numberOrUndefined("#face-scale");
  Object.assign(request, state.extra);
  return request;
}

async function generate() {
  clearErrors();
  $("#results-step").hidden = true;
  let accepted;
  $("#generate").disabled = true;
  try {
    accepted = await api.call("POST", "portraits", JSON.stringify(buildRequest()), "application/json");
  } catch (e) {
    $("#generate").disabled = false;
    showApiError(e);
    return;
  }
  startFollowing(accepted.jobId);
}

const stageNames = { detectFaces: "Detect face", encodeIdentity: "Encode identity", prepareStyle: "Prepare style", generateImages: "Generate", publish: "Publish" };
const stageOrder = ["detectFaces", "encodeIdentity", "generateImages", "publish"];

function startFollowing(jobId) {
  state.job = jobId;
  $("#job").hidden = false;
  $("#job-id").textContent = jobId;
  $("#job-state").textContent = "Submitted";
  $("#job-state").className = "job-state";
  $("#cancel").hidden = false;
  $("#cancel").disabled = false;
  renderProgress(null, "pending");
  clearInterval(state.polling);
  state.polling = setInterval(() => poll(jobId), 400);
}

async function poll(jobId) {
  if (state.job !== jobId) return;
  let status;
  try {
    status = await api.call("GET", "portraits/" + encodeURIComponent(jobId));
  } catch (e) {
    showApiError(e);
    return;
  }
  if (state.job !== jobId) return;
  renderProgress(status.progress, status.status);
  if (["completed", "failed", "terminated"].includes(status.status)) finish(status);
}

function renderProgress(progress, runtimeStatus) {
  const stages = $("#stages");
  const timings = (progress && progress.stageTimingsMs) || {};
  const names = stageOrder.slice();
  for (const name of Object.keys(timings)) if (!names.includes(name)) names.splice(names.length - 2, 0, name);
  const current = progress ? progress.stage : null;
  stages.replaceChildren(...names.map(name => {
    const done = name in timings && name !== current || current === "completed";
    const item = el("li", { className: "stage" + (done ? " done" : name === current ? " active" : "") });
    item.dataset.stage = name;
    let text = stageNames[name] || name;
    if (name === "generateImages" && progress && progress.imagesTotal) text += ` ${progress.imagesDone}/${progress.imagesTotal}`;
    if (done && timings[name] !== undefined) text += ` · ${Math.round(timings[name])} ms`;
    item.textContent = text;
    return item;
  }));
  $("#progress-bar").style.width = (progress ? progress.percent : 0) + "%";
  if (!["completed", "failed", "terminated"].includes(runtimeStatus)) {
    $("#job-state").textContent = progress ? `${stageNames[progress.stage] || progress.stage}… ${progress.percent}%` : "Waiting for a worker…";
  }
}

function finish(status) {
  clearInterval(state.polling);
  state.polling = null;
  $("#cancel").hidden = true;
  $("#generate").disabled = false;
  const line = $("#job-state");
  if (status.status === "completed") {
    line.textContent = `Done: ${status.outputs.length} portrait${status.outputs.length === 1 ? "" : "s"}.`;
    renderResults(status);
  } else if (status.cancelled) {
    line.textContent = "Cancelled.";
    line.className = "job-state failed";
  } else {
    line.textContent = "Failed: " + (status.failureReason || status.status);
    line.className = "job-state failed";
    document.querySelectorAll(".stage.active").forEach(s => s.classList.replace("active", "failed"));
  }
}

function renderResults(status) {
  const results = $("#results");
  results.replaceChildren(...status.outputs.map(output => {
    const caption = el("div", { className: "caption" }, [
      el("span", { className: "mono", textContent: "seed " + output.seed }),
      output.identityScore != null ? el("span", { textContent: "identity " + Number(output.identityScore).toFixed(2) }) : "",
      el("a", { href: output.url, download: `portrait-${output.index}.png`, textContent: "Download" }),
    ]);
    return el("figure", { className: "result" }, [el("img", { src: output.url, alt: `Portrait ${output.index}` }), caption]);
  }));
  const json = $("#result-json");
  json.href = status.resultUrl;
  json.hidden = false;
  $("#results-step").hidden = false;
}

async function cancel() {
  if (!state.job) return;
  $("#cancel").disabled = true;
  try {
    const status = await api.call("DELETE", "portraits/" + encodeURIComponent(state.job));
    renderProgress(status.progress, status.status);
    $("#job-state").textContent = "Cancelling…";
  } catch (e) {
    showApiError(e);
    $("#cancel").disabled = false;
  }
}

// ---- start -------------------------------------------------------------------------------------------------------

function readKeyFromAddress() {
  // A key in the address's fragment (#key=…) never reaches a server log; it is kept and removed from the address bar.
  const match = /(?:^|&)key=([^&]+)/.exec(location.hash.slice(1));
  if (match) {
    localStorage.setItem("facechain.functionKey", decodeURIComponent(match[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
}

async function start() {
  readKeyFromAddress();
  const keyInput = $("#function-key");
  keyInput.value = api.key();
  keyInput.addEventListener("change", () => {
    localStorage.setItem("facechain.functionKey", keyInput.value.trim());
    load();
  });
  $("#photo-input").addEventListener("change", onPhotoChosen);
  $("#generate").addEventListener("click", generate);
  $("#cancel").addEventListener("click", cancel);
  await load();
}

async function load() {
  clearErrors();
  try {
    await loadModes();
    await loadStyles();
  } catch (e) {
    showApiError(e);
    if (e.status === 401) $("#access").open = true;
  }
}

document.addEventListener("DOMContentLoaded", start);
