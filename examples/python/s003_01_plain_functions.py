# source: seed 003, section "### 1、协程"
# fixes: none (`...` is a valid Ellipsis statement); tabs -> spaces
# sleeps scaled by 1/100 (no sleeps here)
def func1():
    print(1)
    ...
    print(2)

def func2():
    print(3)
    ...
    print(4)

func1()
func2()
