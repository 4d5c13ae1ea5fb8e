/* The cost of loading an HTTP stack into a process that has none: dlopen with RTLD_NOW (as the services
 * library's dependencies are bound), for each library named on the command line, in a fresh process each
 * time. bench/transport_load.sh runs it. */
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        void* handle = dlopen(argv[i], RTLD_NOW | RTLD_LOCAL);
        clock_gettime(CLOCK_MONOTONIC, &end);
        if (handle == NULL) {
            fprintf(stderr, "%s\n", dlerror());
            return 1;
        }
        printf("%s %.3f\n", argv[i], (double)(end.tv_sec - start.tv_sec) * 1e3 + (double)(end.tv_nsec - start.tv_nsec) / 1e6);
    }
    return 0;
}
