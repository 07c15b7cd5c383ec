// jemalloc's start-up options for programs linked with squall (jemalloc reads the global
// `malloc_conf` before its first allocation; the MALLOC_CONF environment variable still goes
// over it).
//
// Executors allocate tuples on one thread and free them on another, at millions a second. With
// jemalloc's default thread caches (at most 200 objects of a size class) the freeing thread
// flushes its cache to the allocating thread's arena, under that arena's lock, every few
// hundred tuples, and the allocating thread refills from it as often: a quarter of the core
// pipeline's CPU was in jemalloc. Caches ten times larger (2000 objects, slab-size multiplier 4)
// cut the CPU of a bench_workers run by about a quarter (4.3 to 3.3 s for the same tuples) and
// raised bench/throughput acking off from about 2.0 M to 2.5-2.9 M tuples/s on the 2-core
// development machine; the benchmark's peak RSS stayed at 21 MB.
#if defined(SQUALL_WITH_JEMALLOC)
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's.
const char* malloc_conf = "tcache_nslots_small_max:2000,lg_tcache_nslots_mul:2";
}
#endif
