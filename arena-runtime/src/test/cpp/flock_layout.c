/* Prints what the C headers say about struct flock and the F_OFD_* commands, for FlockLayoutTest:
 * the Java side must agree with the compiler, not with a restated table. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>

int main(void) {
    printf("sizeof=%zu\n", sizeof(struct flock));
    printf("l_type=%zu\n", offsetof(struct flock, l_type));
    printf("l_whence=%zu\n", offsetof(struct flock, l_whence));
    printf("l_start=%zu\n", offsetof(struct flock, l_start));
    printf("l_len=%zu\n", offsetof(struct flock, l_len));
    printf("l_pid=%zu\n", offsetof(struct flock, l_pid));
    printf("F_OFD_GETLK=%d\n", F_OFD_GETLK);
    printf("F_OFD_SETLK=%d\n", F_OFD_SETLK);
    printf("F_OFD_SETLKW=%d\n", F_OFD_SETLKW);
    printf("F_RDLCK=%d\n", F_RDLCK);
    printf("F_WRLCK=%d\n", F_WRLCK);
    printf("F_UNLCK=%d\n", F_UNLCK);
    return 0;
}
