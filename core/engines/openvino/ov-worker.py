"""SparseScope's OpenVINO worker: one compiled model per process, JSON lines over stdio.

Started by core/engines/openvino/worker-client.ts as `python ov-worker.py` (serve) or
`python ov-worker.py --probe` (print one line about this OpenVINO and exit). Each request is
one JSON object on a line of stdin, {"id": N, "op": ..., ...}; each reply is one JSON object
on a line of stdout, {"id": N, "ok": true, ...} or {"id": N, "ok": false, "error": {"kind",
"message", "detail"}}. Tensors travel as {"dtype", "dims", "b64"} (little-endian bytes).

The measured loop copies OpenVINO's own benchmark_app (openvino/tools/benchmark/benchmark.py,
inference-only mode): AsyncInferQueue, request.latency per request, the loop runs until the
time or iteration limit and then until the started count is a multiple of nireq.
Native code may print to fd 1; the protocol therefore writes to a private copy of fd 1 and
fd 1 itself is pointed at stderr.
"""

import base64
import json
import os
import resource
import sys
import time
import traceback

PROTOCOL = 1
_out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
os.dup2(2, 1)

try:
    import openvino as ov
    import numpy as np  # openvino's own dependency
except Exception as err:  # the probe reports it; serving cannot start without it
    ov = None
    IMPORT_ERROR = f"{type(err).__name__}: {err}"

DTYPES = {
    "float32": "f32", "float16": "f16", "float64": "f64", "bfloat16": "bf16",
    "int8": "i8", "uint8": "u8", "int16": "i16", "uint16": "u16",
    "int32": "i32", "uint32": "u32", "int64": "i64", "uint64": "u64", "bool": "boolean",
}
OV_TO_DTYPE = {v: k for k, v in DTYPES.items()}


class Failure(Exception):
    def __init__(self, kind, message, detail=None):
        super().__init__(message)
        self.kind, self.message, self.detail = kind, message, detail


def send(obj):
    _out.write(json.dumps(obj, separators=(",", ":")) + "\n")
    _out.flush()


def reason(err):
    """OpenVINO's own words without its "Exception from src/…" frames and blank lines."""
    lines = [l.strip() for l in str(err).splitlines()]
    return "\n".join(l for l in lines if l and not l.startswith("Exception from ")) or str(err)


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def to_np(t):
    dtype = t["dtype"]
    np_dtype = np.bool_ if dtype == "bool" else np.dtype(dtype)
    return np.frombuffer(base64.b64decode(t["b64"]), dtype=np_dtype).reshape(t["dims"]).copy()


def from_np(a):
    a = np.ascontiguousarray(a)
    dtype = "bool" if a.dtype == np.bool_ else str(a.dtype)
    return {"dtype": dtype, "dims": list(a.shape), "b64": base64.b64encode(a.tobytes()).decode()}


def port_info(port):
    et = port.get_element_type().get_type_name()
    return {
        "name": port.get_any_name(),
        "dtype": OV_TO_DTYPE.get(et, et),
        "shape": str(port.get_partial_shape()),
    }


def config_value(v):
    # benchmark_app's load_config: YES/NO become booleans, everything else passes as given.
    if v in ("YES", "NO"):
        return v == "YES"
    return v


def prop_text(v):
    if isinstance(v, ov.Type):
        return v.to_string()
    if isinstance(v, (list, tuple, set)):
        return ",".join(prop_text(x) for x in v)
    if isinstance(v, dict):
        return json.dumps({k: prop_text(x) for k, x in v.items()})
    return str(v.name if hasattr(v, "name") and not isinstance(v, (str, int, float)) else v)


def rt_text(info, key):
    return info[key].astype(str) if key in info else ""


class Worker:
    def __init__(self):
        self.core = ov.Core()
        self.compiled = None
        self.dynamic = False
        self.queue = None
        self.sync_request = None
        self.profiling = False
        self.profiled = []  # counters of each "infer" since the last "counters"

    def probe(self):
        return {
            "protocol": PROTOCOL,
            "version": ov.get_version(),
            "devices": list(self.core.available_devices),
            "device_name": self.core.get_property("CPU", "FULL_DEVICE_NAME"),
        }

    def compile(self, r):
        t0 = time.perf_counter()
        try:
            model = self.core.read_model(r["model"])
        except Exception as err:
            raise Failure("BadModel", f"OpenVINO could not read {r['model']}.", reason(err))
        read_ms = (time.perf_counter() - t0) * 1000
        shapes = r.get("shapes") or {}
        # -shape: reshape to static shapes (benchmark_app's static, inference-only mode);
        # -data_shape: the model stays dynamic and each request gets the data's shape.
        self.dynamic = bool(r.get("data_shape"))
        if shapes and not self.dynamic:
            by_name = {}
            for port in model.inputs:
                for name in port.get_names():
                    if name in shapes:
                        by_name[port] = shapes[name]
            try:
                model.reshape(by_name)
            except Exception as err:
                raise Failure("BadInput", "OpenVINO could not reshape the model to the input shapes.", reason(err))
        config = {k: config_value(v) for k, v in (r.get("config") or {}).items()}
        self.profiling = config.get("PERF_COUNT") in (True, "YES", "true", "True")
        t1 = time.perf_counter()
        try:
            self.compiled = self.core.compile_model(model, "CPU", config)
        except Exception as err:
            text = reason(err)
            if "property" in text.lower():
                raise Failure("BadConfig", "OpenVINO's CPU plugin refused a property (from -load_config or the run's knobs).", text)
            raise Failure("RunFailed", "OpenVINO could not compile the model for CPU.", text)
        compile_ms = (time.perf_counter() - t1) * 1000
        return {
            "read_ms": read_ms,
            "compile_ms": compile_ms,
            "inputs": [port_info(p) for p in self.compiled.inputs],
            "outputs": [port_info(p) for p in self.compiled.outputs],
            "properties": self.properties(),
            "peak_rss_bytes": peak_rss_bytes(),
        }

    def properties(self):
        """What the compiled model actually got, read back with get_property."""
        out = {}
        for key in self.compiled.get_property("SUPPORTED_PROPERTIES"):
            if key == "SUPPORTED_PROPERTIES":
                continue
            try:
                out[key] = prop_text(self.compiled.get_property(key))
            except Exception:
                pass
        return out

    def runtime(self, r):
        """The runtime (execution) graph: every node with what OpenVINO ran for it. After a
        run, dynamic shapes have their primitives too. `xml` also writes it as benchmark_app's
        -exec_graph_path does, for the profile importers."""
        runtime = self.compiled.get_runtime_model()
        nodes = []
        for op in runtime.get_ordered_ops():
            info = op.get_rt_info()
            nodes.append({
                "name": op.get_friendly_name(),
                "layer_type": rt_text(info, "layerType"),
                "primitive": rt_text(info, "primitiveType"),
                "precision": rt_text(info, "runtimePrecision"),
                "original": rt_text(info, "originalLayersNames"),
                "exec_order": rt_text(info, "execOrder"),
                "inputs": [{
                    "from": i.get_source_output().get_node().get_friendly_name(),
                    "precision": i.get_element_type().to_string(),
                    "shape": str(i.get_partial_shape()),
                } for i in op.inputs()],
            })
        if r.get("xml"):
            ov.serialize(runtime, r["xml"])
        return {"nodes": nodes}

    def set_inputs(self, request, feeds):
        for name, arr in feeds.items():
            tensor = request.get_tensor(name)
            if self.dynamic:
                tensor.shape = arr.shape
            tensor.data[...] = arr

    def infer(self, r):
        feeds = {k: to_np(v) for k, v in r["feeds"].items()}
        if self.sync_request is None:  # one request kept, so its counters can be read later
            self.sync_request = self.compiled.create_infer_request()
        try:
            result = self.sync_request.infer(feeds)
        except Exception as err:
            raise Failure("RunFailed", "OpenVINO inference failed.", reason(err))
        if self.profiling:  # OpenVINO keeps only the last inference's counters: keep each here
            self.profiled.append(self.rows(self.sync_request))
        outputs = {}
        for port, value in result.items():
            outputs[port.get_any_name()] = from_np(value)
        return {"outputs": outputs}

    def bench(self, r):
        feeds = {k: to_np(v) for k, v in r["feeds"].items()}
        time_s, niter, warmup = r.get("time_s"), r.get("niter"), r.get("warmup", 1)
        try:
            if r["api"] == "sync":
                return self.bench_sync(feeds, time_s, niter, warmup)
            return self.bench_async(feeds, r.get("nireq", 0), time_s, niter, warmup)
        except Failure:
            raise
        except Exception as err:
            raise Failure("RunFailed", "OpenVINO inference failed.", reason(err))

    def bench_sync(self, feeds, time_s, niter, warmup):
        req = self.sync_request = self.compiled.create_infer_request()
        self.queue = None
        self.set_inputs(req, feeds)
        first = None
        for i in range(warmup):
            req.infer()
            if i == 0:
                first = req.latency
        times, iteration, exec_time = [], 0, 0.0
        start = time.perf_counter()
        while (niter and iteration < niter) or (time_s and exec_time < time_s):
            req.infer()
            times.append(req.latency)
            iteration += 1
            exec_time = time.perf_counter() - start
        duration = time.perf_counter() - start
        return self.measured(times, iteration, duration, first, 1, niter)

    def bench_async(self, feeds, nireq, time_s, niter, warmup):
        queue = ov.AsyncInferQueue(self.compiled, nireq)
        self.queue = queue
        nireq = len(queue)
        for i in range(nireq):
            self.set_inputs(queue[i], feeds)
        first = None
        if warmup > 0:  # benchmark_app's first_infer: one request, timed apart
            rid = queue.get_idle_request_id()
            queue.start_async()
            queue.wait_all()
            first = queue[rid].latency
            for _ in range((warmup - 1) * nireq):  # further warm-up rounds fill every request
                queue.start_async()
            queue.wait_all()
        if niter:  # benchmark_app aligns niter up to a multiple of nireq
            niter = (niter + nireq - 1) // nireq * nireq
        times, in_fly, iteration, exec_time = [], set(), 0, 0.0
        start = time.perf_counter()
        while (niter and iteration < niter) or (time_s and exec_time < time_s) or (iteration % nireq):
            rid = queue.get_idle_request_id()
            if rid in in_fly:
                times.append(queue[rid].latency)
            else:
                in_fly.add(rid)
            queue.start_async()
            iteration += 1
            exec_time = time.perf_counter() - start
        queue.wait_all()
        duration = time.perf_counter() - start
        for rid in in_fly:
            times.append(queue[rid].latency)
        return self.measured(times, iteration, duration, first, nireq, niter)

    def measured(self, times, count, duration_s, first, nireq, niter):
        return {
            "count": count,
            "duration_ms": duration_s * 1000,
            "latencies_ms": times,
            "first_ms": first,
            "nireq": nireq,
            "niter": niter,
            "peak_rss_bytes": peak_rss_bytes(),
        }

    @staticmethod
    def rows(req):
        return [{
            "name": p.node_name,
            "status": p.status.name,
            "layer_type": p.node_type,
            "exec_type": p.exec_type,
            "real_us": p.real_time.total_seconds() * 1e6,
            "cpu_us": p.cpu_time.total_seconds() * 1e6,
        } for p in req.profiling_info]

    def counters(self, _r):
        """Per-layer counters (PERF_COUNT on): of each request of the last bench as of its last
        inference (what benchmark_app -pc prints), and of each "infer" since the previous call."""
        requests = [self.queue[i] for i in range(len(self.queue))] if self.queue is not None else []
        if not requests and self.sync_request is not None:
            requests = [self.sync_request]
        runs, self.profiled = self.profiled, []
        return {"requests": [self.rows(req) for req in requests], "runs": runs}

    def save_ir(self, r):
        try:
            model = self.core.read_model(r["model"])
        except Exception as err:
            raise Failure("BadModel", f"OpenVINO could not read {r['model']}.", reason(err))
        ov.save_model(model, r["xml"], compress_to_fp16=False)
        return {"xml": r["xml"]}


def serve():
    if ov is None:
        send({"id": 0, "ok": False, "error": {"kind": "EngineUnavailable", "message": "openvino does not import.", "detail": IMPORT_ERROR}})
        return 1
    worker = Worker()
    ops = {
        "probe": lambda _r: worker.probe(),
        "compile": worker.compile,
        "infer": worker.infer,
        "bench": worker.bench,
        "counters": worker.counters,
        "runtime": worker.runtime,
        "save_ir": worker.save_ir,
    }
    for line in sys.stdin:
        if not line.strip():
            continue
        rid = None
        try:
            r = json.loads(line)
            rid = r.get("id")
            if r.get("op") == "close":
                send({"id": rid, "ok": True})
                return 0
            if r.get("op") not in ops:
                raise Failure("BadRequest", f"Unknown op {r.get('op')!r}.")
            if r["op"] in ("infer", "bench", "counters", "runtime") and worker.compiled is None:
                raise Failure("BadRequest", f"{r['op']} before compile.")
            send({"id": rid, "ok": True, **ops[r["op"]](r)})
        except Failure as f:
            send({"id": rid, "ok": False, "error": {"kind": f.kind, "message": f.message, "detail": f.detail}})
        except Exception as err:
            traceback.print_exc()  # stderr: the host keeps its tail for a crash report
            send({"id": rid, "ok": False, "error": {"kind": "Crashed", "message": f"{type(err).__name__}: {err}"}})
    return 0


if __name__ == "__main__":
    if "--probe" in sys.argv:
        if ov is None:
            send({"ok": False, "error": IMPORT_ERROR})
        else:
            send({"ok": True, **Worker().probe()})
        sys.exit(0)
    sys.exit(serve())
