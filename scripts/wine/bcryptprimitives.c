/* A stand-in for Windows' bcryptprimitives.dll, for running the Windows program under Wine 8
 * (Debian bookworm's wine64), which lacks that DLL. Rust's standard library calls its one
 * function, ProcessPrng, for random bytes (hash seeds); Windows 10 and later ship the DLL, so
 * this file is never packaged: scripts/wine-check.sh builds it with MinGW-w64 and puts it
 * beside casebook.exe in its own test folder. It answers ProcessPrng from BCryptGenRandom,
 * the system's random number generator, which Wine 8 has. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
