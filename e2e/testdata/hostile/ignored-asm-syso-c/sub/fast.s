#include "textflag.h"

TEXT ·Allow(SB),NOSPLIT,$0-1
	MOVB $1, ret+0(FP)
	RET
