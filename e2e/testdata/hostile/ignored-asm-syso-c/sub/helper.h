void evil(void);
