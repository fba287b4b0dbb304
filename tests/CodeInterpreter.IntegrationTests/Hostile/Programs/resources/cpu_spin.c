// Burn CPU on every core, well past the wall-clock limit.
#include <pthread.h>
static void *spin(void *arg) {
    (void)arg;
    for (volatile unsigned long i = 0;; i++) {
    }
    return 0;
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, spin, 0);
    spin(0);
}
